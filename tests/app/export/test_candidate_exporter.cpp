// LibTorch before any Qt header: its sources use "slots" as an identifier, which Qt defines as a macro.
#include <torch/script.h>
#include <torch/torch.h>

#include "candidate_exporter.h"

#include "core/architecture_json.h"
#include "core/canonical_form.h"
#include "core/rng.h"
#include "data/dataset_spec.h"
#include "models/graph_network.h"
#include "models/input_convention.h"
#include "models/trained_model.h"
#include "models/trainer.h"
#include "require_data.h"
#include "spaces/space_factory.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

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

// A small CNN that learns Fashion-MNIST well in a couple of hundred steps, so an accuracy far
// above chance shows that the exported model computes what was trained.
core::Architecture smallCnn() {
    using core::Node;
    using core::OpType;
    core::Architecture a;
    int x = a.add(Node{.op = OpType::Input});
    for (int width : {16, 32}) {
        x = a.add(Node{.op = OpType::Conv, .inputs = {x}, .outChannels = width, .kernel = 3, .stride = 2, .padding = 1});
        x = a.add(Node{.op = OpType::BatchNorm, .inputs = {x}});
        x = a.add(Node{.op = OpType::Activation, .inputs = {x}, .activation = core::ActivationType::ReLU});
    }
    x = a.add(Node{.op = OpType::GlobalAvgPool, .inputs = {x}});
    a.add(Node{.op = OpType::Linear, .inputs = {x}, .outChannels = 10, .bias = true});
    return a;
}

// Whether `python` can import torch and numpy (python3-torch, python3-numpy).
bool pythonHasTorch(const QString& python) {
    if (python.isEmpty())
        return false;
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import torch, numpy")});
    return probe.waitForFinished(120'000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0;
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
        // The JSON records the input normalisation and class names the weights were trained with.
        const auto convention = models::recordedInputConvention(arch);
        QVERIFY(convention);
        QCOMPARE(convention->dataset, std::string("fashion-mnist"));
        QVERIFY(convention->mean == std::vector<float>{0.286f});
        QVERIFY(convention->stddev == std::vector<float>{0.353f});
        QCOMPARE(convention->classNames.size(), std::size_t(10));
        QCOMPARE(convention->classNames[9], std::string("Ankle boot"));

        // The weights are trained (not the initial ones) and the TorchScript computes the same.
        models::TrainedModel trained(arch, 99);
        const models::TrainedModel fresh(arch, 3);
        trained.loadWeights(files[1].toStdString());
        torch::NoGradGuard noGrad;
        trained.network()->eval();
        fresh.network()->eval();
        // The TorchScript takes pixels in [0, 1] and normalises them as the trainer did.
        const torch::Tensor raw = torch::rand({5, 1, 28, 28});
        const torch::Tensor x = (raw - 0.286f) / 0.353f;
        const torch::Tensor expected = trained.network()->forward(x);
        QVERIFY(!torch::allclose(expected, fresh.network()->forward(x)));
        torch::jit::Module script = torch::jit::load(files[2].toStdString());
        script.eval();
        const torch::Tensor actual = script.forward({raw}).toTensor();
        QVERIFY((actual - expected).abs().max().item<double>() <= 1e-5);
    }

    // What a user does with the export: torch.jit.load in Python and raw test images / 255, no
    // normalisation by hand. Python's accuracy must match the C++ evaluation of the same weights
    // (it was about 10 % before the archive normalised its input itself).
    void torchScriptScoresRawImagesInPython() {
        if (!m_haveFashion)
            EDGENAS_SKIP_OR_FAIL("Fashion-MNIST is not installed (apt install dataset-fashion-mnist)");
        const QString python = QStringLiteral(EDGENAS_PYTHON3);
        if (!pythonHasTorch(python))
            EDGENAS_SKIP_OR_FAIL("python3 with torch and numpy is not installed (apt install python3-torch python3-numpy)");

        core::Candidate candidate;
        candidate.id = 7;
        candidate.architectureJson = core::toJson(smallCnn());
        candidate.hash = core::canonicalHash(smallCnn());
        search::RunConfig settings = tinyTraining();
        settings.trainSubset = 6400;  // 200 steps of 32
        settings.trainBatch = 32;
        settings.validationSubset = 1000;
        const QString folder = m_dir.filePath(QStringLiteral("python"));
        CandidateExporter exporter;
        QSignalSpy finished(&exporter, &CandidateExporter::finished);
        QSignalSpy failed(&exporter, &CandidateExporter::failed);
        exporter.exportCandidate(candidate, settings, folder,
                                 ExportKind::Architecture | ExportKind::Weights | ExportKind::TorchScript);
        QVERIFY(finished.wait(kTrainingTimeoutMs));
        QCOMPARE(failed.count(), 0);
        const QStringList files = finished.at(0).at(0).toStringList();
        QCOMPARE(files.size(), 3);

        // The workbench's figure: the C++ evaluation (normalising as in training) of the weights.
        const data::Dataset testSet =
            data::loadDataset({"fashion-mnist", EDGENAS_FASHION_MNIST_DIR}, data::DatasetPart::Test);
        models::TrainedModel model(smallCnn(), 1);
        model.loadWeights(files[1].toStdString());
        const double cppAccuracy = models::evaluateAccuracy(model, testSet);

        QProcess score;
        score.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        score.start(python, {QStringLiteral(EDGENAS_TORCHSCRIPT_ACCURACY_SCRIPT), files[2],
                             QStringLiteral(EDGENAS_FASHION_MNIST_DIR)});
        QVERIFY(score.waitForFinished(kTrainingTimeoutMs));
        const QByteArray out = score.readAllStandardOutput();
        QVERIFY2(score.exitStatus() == QProcess::NormalExit && score.exitCode() == 0, out.constData());
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        const double pythonAccuracy = report[QStringLiteral("accuracy")].toDouble(-1.0);
        qInfo("test accuracy: Python on raw images / 255 %.2f %%, C++ evaluation %.2f %%", pythonAccuracy * 100,
              cppAccuracy * 100);
        QCOMPARE(report[QStringLiteral("samples")].toInt(), 10000);
        QVERIFY2(cppAccuracy > 0.5, qPrintable(QString::number(cppAccuracy)));
        QVERIFY2(std::abs(pythonAccuracy - cppAccuracy) <= 0.01, out.constData());

        // What the archive tells a Python user about its input.
        QCOMPARE(report[QStringLiteral("input_mean")].toArray(), QJsonArray({0.286}));
        QCOMPARE(report[QStringLiteral("input_std")].toArray(), QJsonArray({0.353}));
        QCOMPARE(report[QStringLiteral("input_shape")].toArray(), QJsonArray({1, 28, 28}));
        QJsonArray classNames;
        for (const std::string& name : testSet.classNames)
            classNames.append(QString::fromStdString(name));
        QCOMPARE(report[QStringLiteral("class_names")].toArray(), classNames);
        const QJsonObject metadata = report[QStringLiteral("metadata")].toObject();
        QCOMPARE(metadata[QStringLiteral("input_mean")].toString(), QStringLiteral("[0.286]"));
        QCOMPARE(metadata[QStringLiteral("input_std")].toString(), QStringLiteral("[0.353]"));
        QCOMPARE(QJsonDocument::fromJson(metadata[QStringLiteral("class_names")].toString().toUtf8()).array(),
                 classNames);

        // The architecture JSON beside it says the same, and its input shape is the data's.
        const core::Architecture exported = core::loadArchitectureFile(files[0].toStdString());
        QVERIFY(exported.input == core::TensorShape({1, 28, 28}));
        const auto convention = models::recordedInputConvention(exported);
        QVERIFY(convention);
        QVERIFY(*convention == models::InputConvention::of(testSet));
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
        // Nothing is left: training comes before any file is written.
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
