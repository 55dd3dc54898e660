#include "core/artefact_cache.h"
#include "core/errors.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace edgenas;

class TestArtefactCache : public QObject {
    Q_OBJECT

private slots:
    // Keys are content keys: the same recipe always gives the same key, any changed setting
    // (the code version included) another one.
    void keysFollowTheRecipe() {
        const core::ArtefactRecipe a{"reference-model", "26ba-fashion-mnist-e5", R"({"code_version":2,"lr":0.1})", ".pt"};
        QCOMPARE(a.key(), a.key());
        QVERIFY(a.key().rfind("26ba-fashion-mnist-e5-", 0) == 0);
        QCOMPARE(a.key().size(), std::string("26ba-fashion-mnist-e5-").size() + 16);
        core::ArtefactRecipe b = a;
        b.settingsJson = R"({"code_version":3,"lr":0.1})";
        QVERIFY(a.key() != b.key());
        // The digest of the empty text: stable across runs, machines and builds, and the same the
        // reference-model cache always computed, so entries made before stay valid.
        const core::ArtefactRecipe empty{"x", "", "", ".bin"};
        QCOMPARE(empty.key(), std::string("14650fb0739d0383"));
    }

    void storedEntryIsFoundAgain() {
        QTemporaryDir dir;
        core::ArtefactCache cache(dir.filePath("exit-tables").toStdString());
        const core::ArtefactRecipe recipe{"exit-table", "backbone7", R"({"exits":[2,4],"code_version":1})", ".csv"};
        QVERIFY(!cache.contains(recipe));
        QVERIFY(!cache.find(recipe));
        const auto stored = cache.store(
            recipe, [](const std::string& path) { std::ofstream(path) << "exit,accuracy\n2,0.61\n"; },
            R"({"seconds": 12.5})");
        QVERIFY(cache.contains(recipe));
        const auto found = cache.find(recipe);
        QVERIFY(found);
        QCOMPARE(found->payloadPath, stored.payloadPath);
        QVERIFY(QString::fromStdString(found->metaJson).contains("12.5"));
        QFile payload(QString::fromStdString(found->payloadPath));
        QVERIFY(payload.open(QIODevice::ReadOnly));
        QCOMPARE(payload.readAll(), QByteArray("exit,accuracy\n2,0.61\n"));
        // No temporary files are left behind.
        QCOMPARE(QDir(dir.filePath("exit-tables")).entryList(QDir::Files).size(), 2);
    }

    void damagedSidecarReadsAsMissing() {
        QTemporaryDir dir;
        core::ArtefactCache cache(dir.path().toStdString());
        const core::ArtefactRecipe recipe{"distillation", "layer3", R"({"code_version":1})", ".bin"};
        cache.store(recipe, [](const std::string& path) { std::ofstream(path) << "x"; }, R"({"ok": true})");
        std::ofstream(cache.sidecarPath(recipe)) << "{\"ok\": tr";  // half written
        QVERIFY(!cache.find(recipe));
    }

    void unwritableFolderIsNamed() {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        core::ArtefactCache cache(dir.filePath("file/below").toStdString());  // a file is in the way
        const core::ArtefactRecipe recipe{"supernet-weights", "s", "{}", ".pt"};
        try {
            cache.store(recipe, [](const std::string&) {}, "{}");
            QFAIL("stored below a file");
        } catch (const core::InputError& e) {
            QVERIFY2(QString(e.what()).contains(dir.filePath("file/below")), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestArtefactCache)
#include "test_artefact_cache.moc"
