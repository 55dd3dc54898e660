#include "log_panel.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTime>
#include <QVBoxLayout>

namespace edgenas::app {

LogPanel::LogPanel(QWidget* parent) : QWidget(parent) {
    m_text = new QPlainTextEdit;
    m_text->setReadOnly(true);
    m_text->setMaximumBlockCount(10'000);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setPlaceholderText(tr("Messages from the search appear here."));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
}

void LogPanel::append(int level, const QString& message) {
    // Words, not colours, mark the level: they read the same in light and dark palettes.
    QString prefix;
    if (level == 1)
        prefix = tr("warning: ");
    else if (level >= 2)
        prefix = tr("error: ");
    m_text->appendPlainText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")) + QStringLiteral("  ") + prefix +
                            message);
}

void LogPanel::clear() { m_text->clear(); }

QString LogPanel::text() const { return m_text->toPlainText(); }

} // namespace edgenas::app
