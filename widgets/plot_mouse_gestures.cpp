#include "plot_mouse_gestures.h"

#include <qcustomplot.h>

#include <QToolTip>

namespace edgenas::widgets {

namespace {

constexpr int kClickSlopPx = 4;

} // namespace

PlotMouseGestures::PlotMouseGestures(QCustomPlot* plot) : QObject(plot) {
    connect(plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        m_pressed = event->button() == Qt::LeftButton;
        m_pressPos = event->pos();
    });
    connect(plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        if (event->buttons() != Qt::NoButton) {
            if ((event->pos() - m_pressPos).manhattanLength() > kClickSlopPx)
                emit viewMoved();
            QToolTip::hideText();
            return;
        }
        emit hovering(event->position(), event->globalPosition().toPoint());
    });
    connect(plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* event) {
        if (m_pressed && event->button() == Qt::LeftButton &&
            (event->pos() - m_pressPos).manhattanLength() <= kClickSlopPx)
            emit clicked(event->pos(), event->modifiers());
        m_pressed = false;
    });
    connect(plot, &QCustomPlot::mouseDoubleClick, this,
            [this](QMouseEvent* event) { emit doubleClicked(event->position()); });
    connect(plot, &QCustomPlot::mouseWheel, this, [this](QWheelEvent*) { emit viewMoved(); });
}

} // namespace edgenas::widgets
