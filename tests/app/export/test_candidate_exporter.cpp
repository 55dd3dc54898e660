// LibTorch before any Qt header: its sources use "slots" as an identifier, which Qt defines as a macro.
#include <torch/script.h>
#include <torch/torch.h>

#include "candidate_exporter.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/rng.h"
#include "data/dataset_spec.h"
#include "models/graph_network.h"
#include "models/trained_model.h"
#include "require_data.h"
#include "spaces/space_factory.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace edgenas;
using app::CandidateExporter;
using app::ExportKind;

namespace {

constexpr int kTrainingTimeoutMs = 240'000;

core::Architecture tinyArchitecture() {
    spaces::SpaceOptions options;
    options.nb201Channels = 4;
    options.nb201CellsPerStage = 1;
    const auto space = spaces::makeSearchSpace("nb201", options);
    core::Rng rng(11);
    return space->decode(space->sample(rng));
}

core::Candidate tinyCandidate() {
    core::Candidate c;
    c.id = 42;
    const core::Architecture arch = tinyArchitecture();
    c.architectureJson = core::toJson(arch);
    c.hash = core::canonicalHash(arch);
    return c;
}

search::RunConfig tinyTraining() {
    search::RunConfig settings;
    settings.datasetDirectory = EDGENAS_FASHION_MNIST_DIR;
    settings.trainEpochs = 1;
    settings.trainSubset = 256;
    settings.validationSubset = 128;
    settings.trainBatch = 64;
    settings.seed = 3;
    return settings;
}

} // namespace

/// CandidateExporter: trains off the GUI thread, writes JSON, weights and TorchScript that agree.
class TestCandidateExporter : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    bool m_haveFashion = false;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_haveFashion = data::datasetAvailable({"fashion-mnist", EDGENAS_FASHION_MNIST_DIR});
    }

    void exportsAllThreeFilesThatAgree() {
        if (!m_haveFashion)
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed (apt install dataset-fashion-mnist)");
        const QString folder = m_dir.filePath(QStringLiteral("out/nested"));  // created by the exporter
        CandidateExporter exporter;
        QSignalSpy finished(&exporter, &CandidateExporter::finished);
        QSignalSpy failed(&exporter, &CandidateExporter::failed);
        QSignalSpy progress(&exporter, &CandidateExporter::progress);
        exporter.exportCandidate(tinyCandidate(), tinyTraining(), folder,
                                 ExportKind::Architecture | ExportKind::Weights | ExportKind::TorchScript);
        QVERIFY(exporter.isBusy());
        // A second export while the first runs is refused at once.
        exporter.exportCandidate(tinyCandidate(), tinyTraining(), folder, ExportKind::Architecture);
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.takeFirst().at(0).toString().contains(QLatin1String("already running")));

        QVERIFY(finished.wait(kTrainingTimeoutMs));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!exporter.isBusy());
        QVERIFY(progress.count() >= 2);
        const QStringList files = finished.at(0).at(0).toStringList();
        const QString base = QDir(folder).absoluteFilePath(QStringLiteral("candidate-42"));
        QCOMPARE(files, QStringList({base + QStringLiteral(".json"), base + QStringLiteral(".pt"),
                                     base + QStringLiteral(".torchscript.pt")}));
        QCOMPARE(CandidateExporter::artefactKind(files[0]), QStringLiteral("architecture"));
        QCOMPARE(CandidateExporter::artefactKind(files[1]), QStringLiteral("weights"));
        QCOMPARE(CandidateExporter::artefactKind(files[2]), QStringLiteral("torchscript"));

        const core::Architecture arch = core::loadArchitectureFile(files[0].toStdString());
        QCOMPARE(core::canonicalHash(arch), core::canonicalHash(tinyArchitecture()));

        // The weights are trained (not the initial ones) and the TorchScript computes the same.
        models::TrainedModel trained(arch, 99);
        const models::TrainedModel fresh(arch, 3);
        trained.loadWeights(files[1].toStdString());
        torch::NoGradGuard noGrad;
        trained.network()->eval();
        fresh.network()->eval();
        const torch::Tensor x = torch::randn({5, 1, 28, 28});
        const torch::Tensor expected = trained.network()->forward(x);
        QVERIFY(!torch::allclose(expected, fresh.network()->forward(x)));
        torch::jit::Module script = torch::jit::load(files[2].toStdString());
        script.eval();
        const torch::Tensor actual = script.forward({x}).toTensor();
        QVERIFY((actual - expected).abs().max().item<double>() <= 1e-5);
    }

    void architectureOnlyNeedsNoTraining() {
        const QString folder = m_dir.filePath(QStringLiteral("arch-only"));
        CandidateExporter exporter;
        QSignalSpy finished(&exporter, &CandidateExporter::finished);
        search::RunConfig settings = tinyTraining();
        settings.dataset = "no-such-dataset";  // would fail if it were loaded
        exporter.exportCandidate(tinyCandidate(), settings, folder, ExportKind::Architecture);
        QVERIFY(finished.wait(30'000));
        QCOMPARE(finished.at(0).at(0).toStringList().size(), 1);
        QVERIFY(QFile::exists(folder + QStringLiteral("/candidate-42.json")));
    }

    void badFolderFails() {
        const QString notAFolder = m_dir.filePath(QStringLiteral("plain-file"));
        QFile file(notAFolder);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString folder = notAFolder + QStringLiteral("/sub");
        CandidateExporter exporter;
        QSignalSpy finished(&exporter, &CandidateExporter::finished);
        QSignalSpy failed(&exporter, &CandidateExporter::failed);
        exporter.exportCandidate(tinyCandidate(), tinyTraining(), folder, ExportKind::Architecture | ExportKind::Weights);
        QVERIFY(failed.wait(30'000));
        QVERIFY2(failed.at(0).at(0).toString().contains(folder), qPrintable(failed.at(0).at(0).toString()));
        QCOMPARE(finished.count(), 0);
    }

    void badTrainingSettingsFailAndLeaveNothing() {
        const QString folder = m_dir.filePath(QStringLiteral("bad-dataset"));
        CandidateExporter exporter;
        QSignalSpy failed(&exporter, &CandidateExporter::failed);
        search::RunConfig settings = tinyTraining();
        settings.dataset = "no-such-dataset";
        exporter.exportCandidate(tinyCandidate(), settings, folder, ExportKind::Architecture | ExportKind::TorchScript);
        QVERIFY(failed.wait(30'000));
        QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("no-such-dataset")),
                 qPrintable(failed.at(0).at(0).toString()));
        // The architecture file written before training failed is removed again.
        QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
    }

    void cancelStopsTraining() {
        if (!m_haveFashion)
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed");
        const QString folder = m_dir.filePath(QStringLiteral("cancelled"));
        CandidateExporter exporter;
        QSignalSpy finished(&exporter, &CandidateExporter::finished);
        QSignalSpy failed(&exporter, &CandidateExporter::failed);
        search::RunConfig settings = tinyTraining();
        settings.trainSubset = 0;  // the whole training set: minutes, unless cancelled
        exporter.exportCandidate(tinyCandidate(), settings, folder, ExportKind::Architecture | ExportKind::Weights);
        exporter.cancel();
        QVERIFY(failed.wait(60'000));
        QVERIFY(failed.at(0).at(0).toString().contains(QLatin1String("cancelled")));
        QCOMPARE(finished.count(), 0);
        QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
    }

    void destroyingTheExporterWaitsForItsJob() {
        const QString folder = m_dir.filePath(QStringLiteral("destroyed"));
        {
            CandidateExporter exporter;
            exporter.exportCandidate(tinyCandidate(), tinyTraining(), folder, ExportKind::Architecture);
        }  // must not crash or leave the job running
        QVERIFY(QFile::exists(folder + QStringLiteral("/candidate-42.json")));
    }
};

QTEST_MAIN(TestCandidateExporter)
#include "test_candidate_exporter.moc"
