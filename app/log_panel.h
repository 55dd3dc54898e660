#pragma once

#include <QWidget>

class QPlainTextEdit;

namespace edgenas::app {

/// The run's log as it happens: engine messages, steering requests, status changes. Keeps the
/// last 10,000 lines so a long run cannot grow it without bound.
class LogPanel : public QWidget {
    Q_OBJECT
public:
    explicit LogPanel(QWidget* parent = nullptr);

    /// `level` is a search::LogLevel (0 info, 1 warning, 2 error).
    void append(int level, const QString& message);
    void clear();
    /// The visible text (for tests).
    QString text() const;

private:
    QPlainTextEdit* m_text = nullptr;
};

} // namespace edgenas::app
