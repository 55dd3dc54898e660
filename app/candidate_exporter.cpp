#include "candidate_exporter.h"

#include "core/architecture_json.h"
#include "core/errors.h"
#include "data/dataset_spec.h"
#include "models/input_convention.h"
#include "models/torchscript_export.h"
#include "models/trainer.h"
#include "search/training_config.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

namespace edgenas::app {

namespace {

constexpr const char* kArchitectureSuffix = ".json";
constexpr const char* kWeightsSuffix = ".pt";
constexpr const char* kTorchScriptSuffix = ".torchscript.pt";

struct Outcome {
    QStringList files;
    QString error;  ///< empty on success
};

QString tr(const char* text) { return QCoreApplication::translate("edgenas::app::CandidateExporter", text); }

// Runs on a pool thread; reports through `report`, which forwards to the exporter's signal.
Outcome runExport(const core::Candidate& candidate, const search::RunConfig& settings, const QString& folder,
                  ExportKinds kinds, const std::atomic<bool>& cancel,
                  const std::function<void(const QString&)>& report) {
    Outcome outcome;
    try {
        if (!kinds)
            throw core::InputError(tr("nothing to export: no file kind was chosen").toStdString());
        if (candidate.architectureJson.empty())
            throw core::InputError(tr("the candidate has no architecture").toStdString());
        if (!QDir().mkpath(folder) || !QFileInfo(folder).isDir())
            throw core::InputError(tr("cannot create the folder %1").arg(folder).toStdString());
        if (!QFileInfo(folder).isWritable())
            throw core::InputError(tr("the folder %1 is not writable").arg(folder).toStdString());
        core::Architecture architecture = core::architectureFromJson(candidate.architectureJson);
        const QString base = QDir(folder).absoluteFilePath(CandidateExporter::fileStem(candidate));

        // Training comes first: the architecture JSON of a trained export records the input
        // normalisation and class names the weights were trained with.
        std::optional<models::TrainedModel> model;
        if (kinds & (ExportKind::Weights | ExportKind::TorchScript)) {
            report(tr("Loading %1…").arg(QString::fromStdString(settings.dataset)));
            const data::Dataset trainSet =
                data::loadDataset({settings.dataset, settings.datasetDirectory}, data::DatasetPart::Train);
            models::Trainer trainer(search::trainConfigFor(settings));
            trainer.setCancelPredicate([&cancel] { return cancel.load(); });
            QElapsedTimer sinceReport;
            sinceReport.start();
            int lastEpoch = -1;
            trainer.setProgressCallback([&](const models::TrainProgress& p) {
                // A few messages a second are plenty for a status bar.
                if (p.epoch == lastEpoch && sinceReport.elapsed() < 250)
                    return;
                lastEpoch = p.epoch;
                sinceReport.restart();
                report(tr("Training: epoch %1 of %2, %3 % done, loss %4")
                           .arg(p.epoch + 1)
                           .arg(p.epochs)
                           .arg(qRound(p.fraction * 100))
                           .arg(p.loss, 0, 'f', 3));
            });
            const models::TrainResult result = trainer.train(architecture, trainSet);
            report(tr("Trained in %1 s, validation accuracy %2 %")
                       .arg(result.seconds, 0, 'f', 1)
                       .arg(result.validationAccuracy * 100, 0, 'f', 2));
            model = trainer.takeModel();
            models::recordInputConvention(model->inputConvention(), architecture);
        }

        if (kinds & ExportKind::Architecture) {
            const QString path = base + QLatin1String(kArchitectureSuffix);
            core::saveArchitectureFile(architecture, path.toStdString());
            outcome.files.push_back(path);
        }
        if (model && (kinds & ExportKind::Weights)) {
            const QString path = base + QLatin1String(kWeightsSuffix);
            model->saveWeights(path.toStdString());
            outcome.files.push_back(path);
        }
        if (model && (kinds & ExportKind::TorchScript)) {
            report(tr("Writing TorchScript…"));
            const QString path = base + QLatin1String(kTorchScriptSuffix);
            models::exportTorchScript(*model, path.toStdString());
            outcome.files.push_back(path);
        }
    } catch (const core::Cancelled&) {
        outcome.error = tr("export cancelled");
    } catch (const std::exception& e) {
        outcome.error = QString::fromStdString(e.what());
    }
    if (!outcome.error.isEmpty()) {
        // Half an export is worse than none: a later look at the folder would trust it.
        for (const QString& file : outcome.files)
            QFile::remove(file);
        outcome.files.clear();
    }
    return outcome;
}

} // namespace

CandidateExporter::CandidateExporter(QObject* parent) : QObject(parent) {}

CandidateExporter::~CandidateExporter() {
    if (m_cancel)
        m_cancel->store(true);
    m_job.waitForFinished();
}

bool CandidateExporter::isBusy() const { return m_job.isValid() && !m_job.isFinished(); }

void CandidateExporter::cancel() {
    if (m_cancel)
        m_cancel->store(true);
}

QString CandidateExporter::fileStem(const core::Candidate& candidate) {
    if (candidate.id >= 0)
        return QStringLiteral("candidate-%1").arg(candidate.id);
    return QStringLiteral("candidate-%1").arg(QString::fromStdString(candidate.hash.substr(0, 12)));
}

QString CandidateExporter::artefactKind(const QString& file) {
    if (file.endsWith(QLatin1String(kTorchScriptSuffix)))
        return QStringLiteral("torchscript");
    if (file.endsWith(QLatin1String(kWeightsSuffix)))
        return QStringLiteral("weights");
    if (file.endsWith(QLatin1String(kArchitectureSuffix)))
        return QStringLiteral("architecture");
    return {};
}

void CandidateExporter::exportCandidate(const core::Candidate& candidate, const search::RunConfig& trainingSettings,
                                        const QString& folder, ExportKinds kinds) {
    if (isBusy()) {
        emit failed(tr("an export is already running"));
        return;
    }
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    // The watcher delivers the outcome in this object's thread once the job has ended, so a
    // slot reacting to finished() already sees isBusy() == false.
    auto* watcher = new QFutureWatcher<Outcome>(this);
    QFuture<Outcome> job = QtConcurrent::run([this, candidate, trainingSettings, folder, kinds, cancelFlag] {
        // Emitted from the pool thread; queued to receivers in other threads. The exporter
        // outlives the job (its destructor waits), so `this` stays valid.
        return runExport(candidate, trainingSettings, folder, kinds, *cancelFlag,
                         [this](const QString& message) { emit progress(message); });
    });
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        if (outcome.error.isEmpty())
            emit finished(outcome.files);
        else
            emit failed(outcome.error);
    });
    watcher->setFuture(job);
    m_job = QFuture<void>(job);
}

} // namespace edgenas::app
