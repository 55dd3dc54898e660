#pragma once

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace edgenas::app {

/// Asks where to export a candidate and which files: architecture JSON always, trained weights
/// and TorchScript optionally (they train the network first, which takes a while).
class CandidateExportDialog : public QDialog {
    Q_OBJECT
public:
    CandidateExportDialog(qint64 candidateId, const QString& folder, QWidget* parent = nullptr);

    QString folder() const;
    bool weights() const;
    bool torchScript() const;

private:
    QLineEdit* m_folder = nullptr;
    QCheckBox* m_weights = nullptr;
    QCheckBox* m_torchScript = nullptr;
};

} // namespace edgenas::app
