#pragma once

#include <QObject>
#include <QPoint>

class QCustomPlot;

namespace edgenas::widgets {

/// Tells a plot's clicks from its drags: a press and release within a few pixels is a click,
/// more is the user panning (as is the wheel, which zooms). Hovering with no button down is
/// reported so the plot can show a tooltip; dragging hides it.
class PlotMouseGestures : public QObject {
    Q_OBJECT
public:
    explicit PlotMouseGestures(QCustomPlot* plot);

signals:
    /// A left click at `pos` (the plot's coordinates).
    void clicked(QPoint pos, Qt::KeyboardModifiers modifiers);
    void doubleClicked(QPointF pos);
    /// The mouse rests at `pos` with no button down (`globalPos` for a tooltip).
    void hovering(QPointF pos, QPoint globalPos);
    /// The user dragged or zoomed the view.
    void viewMoved();

private:
    QPoint m_pressPos;
    bool m_pressed = false;
};

} // namespace edgenas::widgets
