#pragma once

#include "core/candidate.h"
#include "search/run_config.h"

#include <QFlags>
#include <QFuture>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

namespace edgenas::app {

/// What CandidateExporter writes for a candidate.
enum class ExportKind {
    /// <stem>.json, the architecture JSON the CLI reads; when the export trains (weights or
    /// TorchScript chosen too) its metadata records the input normalisation and class names
    /// (models::recordInputConvention)
    Architecture = 0x1,
    Weights = 0x2,       ///< <stem>.pt, parameters and BN statistics (models::TrainedModel::saveWeights)
    /// <stem>.torchscript.pt, loadable with torch.jit.load / torch::jit::load; takes images with
    /// pixels in [0, 1] and normalises them itself (models::exportTorchScript)
    TorchScript = 0x4,
};
Q_DECLARE_FLAGS(ExportKinds, ExportKind)

/// Exports one candidate off the GUI thread: the architecture JSON, and for weights or
/// TorchScript it first trains the candidate from scratch with the run's training settings
/// (data set, epochs, subset, batch, learning rate, seed: the same models::Trainer run the
/// search's accuracy evaluator does), then writes the files. Progress and the outcome arrive as
/// signals in the thread the exporter lives in. It records nothing in the run store: the caller
/// adds the files as artefacts (see artefactKind). One export at a time per exporter; destroying
/// it cancels a running export and waits for it.
class CandidateExporter : public QObject {
    Q_OBJECT

public:
    using Kind = ExportKind;
    using Kinds = ExportKinds;

    explicit CandidateExporter(QObject* parent = nullptr);
    ~CandidateExporter() override;

    /// Starts the export and returns at once. Files go to `folder` (created if missing) named
    /// after fileStem(candidate). Ends with exactly one of finished(files) or failed(error); if an
    /// export is already running, fails at once with a message saying so.
    void exportCandidate(const core::Candidate& candidate, const search::RunConfig& trainingSettings,
                         const QString& folder, ExportKinds kinds);

    bool isBusy() const;

    /// "candidate-<id>", or "candidate-<first 12 hash characters>" for a candidate not yet stored.
    static QString fileStem(const core::Candidate& candidate);
    /// The store artefact kind of an exported file: "architecture", "weights" or "torchscript"
    /// (by its suffix); empty for other files.
    static QString artefactKind(const QString& file);

public Q_SLOTS:
    /// Stops a running export as soon as the trainer checks (between batches); it then fails with
    /// "cancelled" and removes the files it had written.
    void cancel();

Q_SIGNALS:
    void progress(const QString& message);
    /// Absolute paths of the written files, in the order architecture, weights, TorchScript.
    void finished(const QStringList& files);
    void failed(const QString& error);

private:
    QFuture<void> m_job;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

} // namespace edgenas::app

Q_DECLARE_OPERATORS_FOR_FLAGS(edgenas::app::ExportKinds)
