#include "core/errors.h"
#include "spaces/mobilenet_layout.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <functional>

using namespace edgenas;
using spaces::MobileNetLayout;

namespace {

const QString kResourceFile = QStringLiteral(EDGENAS_SPACES_RESOURCE_DIR "/mobilenet_default.json");

QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const core::InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

nlohmann::json defaultJson() { return nlohmann::json::parse(MobileNetLayout::builtinDefaultJson()); }

// Applies a JSON pointer edit ("remove" or "replace") to the default layout.
std::string edited(const QString& op, const QString& pointer, const QString& value) {
    nlohmann::json j = defaultJson();
    const nlohmann::json::json_pointer where(pointer.toStdString());
    if (op == "remove") {
        const auto parent = where.parent_pointer();
        const std::string key = where.back();
        if (j.at(parent).is_array())
            j.at(parent).erase(static_cast<std::size_t>(std::stoul(key)));
        else
            j.at(parent).erase(key);
    } else {
        j[where] = nlohmann::json::parse(value.toStdString());
    }
    return j.dump();
}

} // namespace

class TestMobileNetLayout : public QObject {
    Q_OBJECT

private slots:
    void builtInIsTheResourceFile();
    void defaultIsTheFbnetMacroLayout();
    void missingKeysAreNamed_data();
    void missingKeysAreNamed();
    void badValuesAreNamed_data();
    void badValuesAreNamed();
    void allowSkipPerLayer();
    void fileErrorsNameThePath();
    void scaleWidth_data();
    void scaleWidth();
    void scaledLayout();
};

void TestMobileNetLayout::builtInIsTheResourceFile() {
    QFile file(kResourceFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    // The compiled-in copy is generated from the file at configure time.
    QCOMPARE(QByteArray(MobileNetLayout::builtinDefaultJson().data(),
                        qsizetype(MobileNetLayout::builtinDefaultJson().size())),
             text);
    QVERIFY(MobileNetLayout::fromFile(kResourceFile.toStdString()) == MobileNetLayout::builtinDefault());
}

void TestMobileNetLayout::defaultIsTheFbnetMacroLayout() {
    const MobileNetLayout layout = MobileNetLayout::builtinDefault();
    QCOMPARE(layout.stemWidth, 16);
    QCOMPARE(layout.stemStride, 1);
    QCOMPARE(layout.headWidth, 1504);
    QCOMPARE(layout.layerCount(), 22);
    const int widths[] = {16, 24, 32, 64, 112, 184, 352};
    const int layers[] = {1, 4, 4, 4, 4, 4, 1};
    // HW-NAS-Bench's CIFAR strides: 32x32 -> 32, 32, 16, 8, 8, 4, 4
    const int strides[] = {1, 1, 2, 2, 1, 2, 1};
    QCOMPARE(int(layout.stages.size()), 7);
    for (std::size_t s = 0; s < 7; ++s) {
        QCOMPARE(layout.stages[s].width, widths[s]);
        QCOMPARE(layout.stages[s].layers, layers[s]);
        QCOMPARE(layout.stages[s].stride, strides[s]);
        QCOMPARE(layout.stages[s].allowSkip, std::vector<bool>(std::size_t(layers[s]), true));
    }
    QVERIFY(!layout.description.empty());
}

void TestMobileNetLayout::missingKeysAreNamed_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("named");
    QTest::newRow("stem") << "/stem" << "missing key 'stem'";
    QTest::newRow("stem width") << "/stem/width" << "stem: missing key 'width'";
    QTest::newRow("stem stride") << "/stem/stride" << "stem: missing key 'stride'";
    QTest::newRow("stages") << "/stages" << "missing key 'stages'";
    QTest::newRow("stage width") << "/stages/0/width" << "stages[0]: missing key 'width'";
    QTest::newRow("stage layers") << "/stages/3/layers" << "stages[3]: missing key 'layers'";
    QTest::newRow("stage stride") << "/stages/6/stride" << "stages[6]: missing key 'stride'";
    QTest::newRow("head") << "/head" << "missing key 'head'";
    QTest::newRow("head width") << "/head/width" << "head: missing key 'width'";
}

void TestMobileNetLayout::missingKeysAreNamed() {
    QFETCH(QString, pointer);
    QFETCH(QString, named);
    const std::string text = edited("remove", pointer, {});
    const QString message = errorOf([&] { MobileNetLayout::fromJson(text, "my_layout.json"); });
    QVERIFY2(message.contains(named), qPrintable(message));
    QVERIFY2(message.startsWith("my_layout.json: "), qPrintable(message));
}

void TestMobileNetLayout::badValuesAreNamed_data() {
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("named");
    QTest::newRow("odd width") << "/stages/1/width" << "25" << "stages[1]: key 'width' is 25";
    QTest::newRow("zero layers") << "/stages/2/layers" << "0" << "stages[2]: key 'layers' is 0";
    QTest::newRow("zero stride") << "/stem/stride" << "0" << "stem: key 'stride' is 0";
    QTest::newRow("text width") << "/head/width" << "\"wide\"" << "head: key 'width' must be an integer";
    QTest::newRow("fractional width") << "/stem/width" << "16.5" << "stem: key 'width' must be an integer";
    QTest::newRow("unknown key") << "/stages/0/widht" << "16" << "stages[0]: unknown key 'widht'";
    QTest::newRow("unknown top key") << "/stagess" << "[]" << "unknown key 'stagess'";
    QTest::newRow("no stages") << "/stages" << "[]" << "key 'stages' must be a non-empty array";
    QTest::newRow("stage not object") << "/stages/0" << "16" << "stages[0]: must be an object";
    QTest::newRow("allow_skip length") << "/stages/1/allow_skip" << "[true, false]" << "stages[1]: key 'allow_skip'";
    QTest::newRow("allow_skip type") << "/stages/1/allow_skip" << "\"yes\"" << "stages[1]: key 'allow_skip'";
    QTest::newRow("newer version") << "/version" << "2" << "key 'version' is newer";
    QTest::newRow("other format") << "/format" << "\"edgenas-architecture\"" << "key 'format'";
}

void TestMobileNetLayout::badValuesAreNamed() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, named);
    const std::string text = edited("replace", pointer, value);
    const QString message = errorOf([&] { MobileNetLayout::fromJson(text, "my_layout.json"); });
    QVERIFY2(message.contains(named), qPrintable(message));
}

void TestMobileNetLayout::allowSkipPerLayer() {
    const MobileNetLayout layout =
        MobileNetLayout::fromJson(edited("replace", "/stages/1/allow_skip", "[true, false, true, false]"));
    QCOMPARE(layout.stages[1].allowSkip, (std::vector<bool>{true, false, true, false}));
    const MobileNetLayout none = MobileNetLayout::fromJson(edited("replace", "/stages/2/allow_skip", "false"));
    QCOMPARE(none.stages[2].allowSkip, std::vector<bool>(4, false));
    // optional: defaults to true
    const MobileNetLayout implicit = MobileNetLayout::fromJson(edited("remove", "/stages/3/allow_skip", {}));
    QCOMPARE(implicit.stages[3].allowSkip, std::vector<bool>(4, true));
}

void TestMobileNetLayout::fileErrorsNameThePath() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string missing = dir.filePath("nowhere.json").toStdString();
    QVERIFY(errorOf([&] { MobileNetLayout::fromFile(missing); }).contains(QString::fromStdString(missing)));

    const QString broken = dir.filePath("broken.json");
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(edited("remove", "/stages/4/width", {})));
    file.close();
    const QString message = errorOf([&] { MobileNetLayout::fromFile(broken.toStdString()); });
    QVERIFY2(message.contains(broken) && message.contains("stages[4]: missing key 'width'"), qPrintable(message));

    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write("{\"stem\": ");
    file.close();
    const QString malformed = errorOf([&] { MobileNetLayout::fromFile(broken.toStdString()); });
    QVERIFY2(malformed.contains(broken) && malformed.contains("malformed"), qPrintable(malformed));
}

void TestMobileNetLayout::scaleWidth_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<double>("multiplier");
    QTest::addColumn<int>("scaled");
    QTest::newRow("16 x 0.5") << 16 << 0.5 << 8;
    QTest::newRow("24 x 0.5 = 12 -> 16") << 24 << 0.5 << 16;
    QTest::newRow("16 x 0.1 -> minimum 8") << 16 << 0.1 << 8;
    QTest::newRow("184 x 0.75 = 138 -> 136") << 184 << 0.75 << 136;
    QTest::newRow("352 x 1.4 = 492.8 -> 496") << 352 << 1.4 << 496;
    QTest::newRow("1504 x 0.25") << 1504 << 0.25 << 376;
    QTest::newRow("112 x 1") << 112 << 1.0 << 112;
}

void TestMobileNetLayout::scaleWidth() {
    QFETCH(int, width);
    QFETCH(double, multiplier);
    QFETCH(int, scaled);
    QCOMPARE(MobileNetLayout::scaleWidth(width, multiplier), scaled);
}

void TestMobileNetLayout::scaledLayout() {
    const MobileNetLayout layout = MobileNetLayout::builtinDefault();
    QVERIFY(layout.scaled(1.0) == layout);
    const MobileNetLayout half = layout.scaled(0.5);
    QCOMPARE(half.stemWidth, 8);
    QCOMPARE(half.stages[1].width, 16);
    QCOMPARE(half.stages[6].width, 176);
    QCOMPARE(half.headWidth, 752);
    QCOMPARE(half.layerCount(), 22);
    QVERIFY(errorOf([&] { layout.scaled(0.0); }).contains("multiplier"));
    QVERIFY(errorOf([&] { layout.scaled(-1.0); }).contains("multiplier"));
}

QTEST_APPLESS_MAIN(TestMobileNetLayout)
#include "test_mobilenet_layout.moc"
