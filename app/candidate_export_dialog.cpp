#include "candidate_export_dialog.h"

// Its texts keep the translation context of the window they were written in first.
#include "workbench_window.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace edgenas::app {

CandidateExportDialog::CandidateExportDialog(qint64 candidateId, const QString& folder, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(WorkbenchWindow::tr("Export Candidate %1").arg(candidateId));
    m_folder = new QLineEdit(folder);
    auto* browse = new QPushButton(WorkbenchWindow::tr("Browse…"));
    auto* json = new QCheckBox(WorkbenchWindow::tr("Architecture JSON"));
    json->setChecked(true);
    json->setEnabled(false);
    m_weights = new QCheckBox(WorkbenchWindow::tr("Trained weights (.pt) — trains the network with the run's settings"));
    m_torchScript = new QCheckBox(WorkbenchWindow::tr("TorchScript (.torchscript.pt) for torch.jit.load"));
    m_weights->setChecked(true);
    m_torchScript->setChecked(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(WorkbenchWindow::tr("&Export"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(browse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(WorkbenchWindow::tr("Folder:")));
    layout->addLayout(row);
    layout->addWidget(json);
    layout->addWidget(m_weights);
    layout->addWidget(m_torchScript);
    layout->addWidget(buttons);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, WorkbenchWindow::tr("Export Folder"), m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString CandidateExportDialog::folder() const { return m_folder->text(); }

bool CandidateExportDialog::weights() const { return m_weights->isChecked(); }

bool CandidateExportDialog::torchScript() const { return m_torchScript->isChecked(); }

} // namespace edgenas::app
