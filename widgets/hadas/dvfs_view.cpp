#include "dvfs_view.h"

#include "hadas_plot_style.h"
#include "plot_style.h"
#include "hadas_record_checks.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgenas::widgets {

namespace {

QString mhzText(double mhz) { return QLocale().toString(mhz, 'f', mhz < 1000.0 && mhz != std::floor(mhz) ? 1 : 0); }

} // namespace

/// The frequency tables, painted: one row of ticks per domain, the chosen level marked.
class DvfsView::LevelRows : public QWidget {
public:
    explicit LevelRows(QWidget* parent) : QWidget(parent) {}
    std::vector<search::HadasDomainLevels> domains;

    QSize sizeHint() const override { return QSize(320, rowHeight() * std::max<int>(1, int(domains.size())) + 4); }
    QSize minimumSizeHint() const override { return sizeHint() - QSize(160, 0); }
    int rowHeight() const { return 2 * fontMetrics().height() + 8; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QColor text = palette().color(QPalette::Text);
        QColor faint = text;
        faint.setAlpha(120);
        const QFontMetrics fm(font());
        int nameWidth = 0;
        for (const auto& dom : domains)
            nameWidth = std::max(nameWidth, fm.horizontalAdvance(hadas_style::domainLabel(QString::fromStdString(dom.name))));
        const int left = 6 + nameWidth + 10;
        const int right = width() - 8;
        for (std::size_t r = 0; r < domains.size(); ++r) {
            const search::HadasDomainLevels& dom = domains[r];
            const int top = 2 + int(r) * rowHeight();
            const int axisY = top + fm.height() + 2;
            p.setPen(text);
            p.drawText(QRect(6, axisY - fm.height() / 2, nameWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       hadas_style::domainLabel(QString::fromStdString(dom.name)));
            const auto [lo, hi] = std::minmax_element(dom.levelsMhz.begin(), dom.levelsMhz.end());
            const double span = *hi > *lo ? *hi - *lo : 1.0;
            const auto xOf = [&](double mhz) { return left + (right - left) * (mhz - *lo) / span; };
            p.setPen(QPen(faint, 1));
            p.drawLine(QPointF(left, axisY), QPointF(right, axisY));
            for (double mhz : dom.levelsMhz)
                p.drawLine(QPointF(xOf(mhz), axisY - 4), QPointF(xOf(mhz), axisY + 4));
            // The ends' frequencies under the axis; the chosen one above it.
            QFont small = font();
            small.setPointSizeF(std::max(6.5, font().pointSizeF() * 0.85));
            p.setFont(small);
            const QFontMetrics sfm(small);
            p.setPen(faint);
            p.drawText(QRectF(left - 2, axisY + 4, 80, sfm.height()), Qt::AlignLeft | Qt::AlignTop, mhzText(*lo));
            p.drawText(QRectF(right - 80, axisY + 4, 82, sfm.height()), Qt::AlignRight | Qt::AlignTop,
                       tr("%1 MHz").arg(mhzText(*hi)));
            const double chosen = dom.levelsMhz[std::size_t(dom.chosen)];
            const double x = xOf(chosen);
            p.setPen(QPen(hadas_style::dvfsColour(), 2));
            p.setBrush(hadas_style::dvfsColour());
            p.drawEllipse(QPointF(x, axisY), 4.5, 4.5);
            const QString label = tr("%1 MHz (level %2 of %3)").arg(mhzText(chosen)).arg(dom.chosen + 1).arg(dom.levelsMhz.size());
            QFont bold = small;
            bold.setBold(true);
            p.setFont(bold);
            const int w = QFontMetrics(bold).horizontalAdvance(label) + 4;
            const double labelLeft = std::clamp(x - w / 2.0, double(left), double(std::max(left, right - w)));
            p.drawText(QRectF(labelLeft, top, w, fm.height()), Qt::AlignLeft | Qt::AlignBottom, label);
            p.setFont(font());
            p.setBrush(Qt::NoBrush);
        }
    }
};

class DvfsView::Private {
public:
    LevelRows* rows = nullptr;
    QCustomPlot* plot = nullptr;
    QCPTextElement* title = nullptr;
    QCPGraph* energy = nullptr;
    QCPGraph* latency = nullptr;
    QCPGraph* marked = nullptr;
    QCPItemStraightLine* markLine = nullptr;
    QCPItemText* markText = nullptr;
    QLabel* message = nullptr;
    QString error;
    double markedMhz = std::numeric_limits<double>::quiet_NaN();
};

DvfsView::DvfsView(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    d->message = new QLabel;
    d->message->setWordWrap(true);
    d->message->setAlignment(Qt::AlignCenter);
    d->message->hide();
    layout->addWidget(d->message);
    d->rows = new LevelRows(this);
    d->rows->setObjectName(QStringLiteral("dvfsLevelRows"));
    layout->addWidget(d->rows);
    d->plot = new QCustomPlot(this);
    d->plot->setObjectName(QStringLiteral("dvfsCurveCanvas"));
    d->plot->setMinimumSize(200, 120);
    layout->addWidget(d->plot, 1);
    d->plot->plotLayout()->insertRow(0);
    d->title = new QCPTextElement(d->plot, QString());
    d->plot->plotLayout()->addElement(0, 0, d->title);
    d->plot->yAxis2->setVisible(true);
    d->energy = d->plot->addGraph(d->plot->xAxis, d->plot->yAxis);
    d->energy->setName(tr("energy"));
    d->latency = d->plot->addGraph(d->plot->xAxis, d->plot->yAxis2);
    d->latency->setName(tr("latency"));
    d->marked = d->plot->addGraph(d->plot->xAxis, d->plot->yAxis);
    d->marked->setLineStyle(QCPGraph::lsNone);
    d->marked->removeFromLegend();
    d->markLine = new QCPItemStraightLine(d->plot);
    d->markText = new QCPItemText(d->plot);
    d->markText->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    d->markText->setPadding(QMargins(6, 0, 6, 8));
    d->plot->legend->setVisible(true);
    d->plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
    d->plot->xAxis->ticker()->setTickCount(5);
    d->plot->yAxis->ticker()->setTickCount(4);
    d->plot->yAxis2->ticker()->setTickCount(4);
    QEvent paletteChange(QEvent::PaletteChange);
    changeEvent(&paletteChange);
    clearView();
}

DvfsView::~DvfsView() = default;

void DvfsView::clearView(const QString& message) {
    d->error.clear();
    d->rows->domains.clear();
    d->rows->updateGeometry();
    d->rows->update();
    d->energy->data()->clear();
    d->latency->data()->clear();
    d->marked->data()->clear();
    d->markLine->setVisible(false);
    d->markText->setVisible(false);
    d->markedMhz = std::numeric_limits<double>::quiet_NaN();
    d->title->setText(tr("Energy and latency over the frequency levels"));
    d->plot->xAxis->setLabel(tr("Frequency [MHz]"));
    d->plot->yAxis->setLabel(tr("Energy [mJ]"));
    d->plot->yAxis2->setLabel(tr("Latency [ms]"));
    d->message->setText(message);
    d->message->setStyleSheet({});
    d->message->setVisible(!message.isEmpty());
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void DvfsView::setModel(const search::HadasDynamicRecord& dynamic) {
    clearView();
    d->error = dvfsRecordProblem(dynamic);
    if (!d->error.isEmpty()) {
        d->message->setText(tr("The DVFS view cannot be drawn: %1").arg(d->error));
        d->message->setStyleSheet(QStringLiteral("color: %1").arg(hadas_style::warningColour().name()));
        d->message->show();
        d->plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    d->rows->domains = dynamic.domains;
    d->rows->updateGeometry();
    d->rows->update();

    const QString provenance = QString::fromStdString(dynamic.costProvenance.empty() ? "modelled" : dynamic.costProvenance);
    const QString domain = hadas_style::domainLabel(QString::fromStdString(dynamic.sweepDomain));
    d->plot->xAxis->setLabel(tr("%1 frequency [MHz]").arg(domain));
    d->plot->yAxis->setLabel(tr("Energy per inference [mJ], %1").arg(provenance));
    d->plot->yAxis2->setLabel(tr("Latency [ms], %1").arg(provenance));
    QString title = tr("Energy and latency over the %1 levels").arg(domain);
    if (dynamic.domains.size() > 1)
        title += QStringLiteral("\n") + tr("(the other domains at their chosen levels)");
    d->title->setText(title);
    if (dynamic.sweepMhz.empty()) {
        d->message->setText(tr("The record has no frequency sweep."));
        d->message->show();
        d->plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    for (std::size_t i = 0; i < dynamic.sweepMhz.size(); ++i) {
        d->energy->addData(dynamic.sweepMhz[i], dynamic.sweepEnergyMj[i]);
        if (!dynamic.sweepLatencyMs.empty())
            d->latency->addData(dynamic.sweepMhz[i], dynamic.sweepLatencyMs[i]);
    }
    // The chosen point: the sweep domain's chosen level, looked up on the curve.
    for (const search::HadasDomainLevels& dom : dynamic.domains)
        if (dom.name == dynamic.sweepDomain) {
            const double chosen = dom.levelsMhz[std::size_t(dom.chosen)];
            std::size_t nearest = 0;
            for (std::size_t i = 1; i < dynamic.sweepMhz.size(); ++i)
                if (std::abs(dynamic.sweepMhz[i] - chosen) < std::abs(dynamic.sweepMhz[nearest] - chosen))
                    nearest = i;
            d->markedMhz = dynamic.sweepMhz[nearest];
            const double energy = dynamic.sweepEnergyMj[nearest];
            d->marked->addData(d->markedMhz, energy);
            d->markLine->point1->setCoords(d->markedMhz, 0.0);
            d->markLine->point2->setCoords(d->markedMhz, 1.0);
            d->markLine->setVisible(true);
            d->markText->position->setCoords(d->markedMhz, energy);
            QString text = tr("chosen %1 MHz\n%2 mJ").arg(mhzText(d->markedMhz), QLocale().toString(energy, 'g', 3));
            if (!dynamic.sweepLatencyMs.empty())
                text += tr(", %1 ms").arg(QLocale().toString(dynamic.sweepLatencyMs[nearest], 'g', 3));
            d->markText->setText(text);
            // Label on the side with room: right of the point in the left half, left otherwise.
            const auto [lo, hi] = std::minmax_element(dynamic.sweepMhz.begin(), dynamic.sweepMhz.end());
            const bool leftHalf = d->markedMhz - *lo < (*hi - *lo) / 2.0;
            d->markText->setPositionAlignment((leftHalf ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignBottom);
            d->markText->setTextAlignment(leftHalf ? Qt::AlignLeft : Qt::AlignRight);
            d->markText->setVisible(true);
            break;
        }
    d->energy->rescaleAxes();
    d->latency->rescaleAxes();
    const auto pad = [](QCPAxis* axis) {
        const QCPRange r = axis->range();
        const double margin = std::max(r.size() * 0.12, std::abs(r.upper) * 0.02 + 1e-9);
        axis->setRange(std::max(0.0, r.lower - margin), r.upper + 2 * margin);
    };
    pad(d->plot->yAxis);
    pad(d->plot->yAxis2);
    const QCPRange x = d->plot->xAxis->range();
    d->plot->xAxis->setRange(x.lower - x.size() * 0.04, x.upper + x.size() * 0.04);
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

int DvfsView::domainCount() const { return int(d->rows->domains.size()); }
int DvfsView::levelCount(int domain) const {
    return domain >= 0 && domain < domainCount() ? int(d->rows->domains[std::size_t(domain)].levelsMhz.size()) : 0;
}
int DvfsView::chosenLevel(int domain) const {
    return domain >= 0 && domain < domainCount() ? d->rows->domains[std::size_t(domain)].chosen : -1;
}
QString DvfsView::domainName(int domain) const {
    return domain >= 0 && domain < domainCount()
               ? hadas_style::domainLabel(QString::fromStdString(d->rows->domains[std::size_t(domain)].name))
               : QString();
}
int DvfsView::curvePointCount() const { return d->energy->data()->size(); }
int DvfsView::latencyPointCount() const { return d->latency->data()->size(); }
double DvfsView::markedFrequencyMhz() const { return d->markedMhz; }
QString DvfsView::curveTitle() const { return d->title->text(); }
QString DvfsView::errorText() const { return d->error; }

void DvfsView::replotNow() { d->plot->replot(QCustomPlot::rpImmediateRefresh); }

void DvfsView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        plot_style::applyPalette(d->plot, this);
        const QColor text = palette().color(QPalette::Text);
        const QColor energy = hadas_style::dvfsColour();
        d->energy->setPen(QPen(energy, 2));
        d->energy->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, energy, energy, 4));
        QColor latency = text;
        latency.setAlpha(150);
        d->latency->setPen(QPen(latency, 1.5, Qt::DashLine));
        d->latency->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, latency, Qt::transparent, 4));
        d->marked->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(hadas_style::exitColour(), 2.5),
                                                   Qt::NoBrush, 13));
        QColor markColour = hadas_style::exitColour();
        markColour.setAlpha(150);
        d->markLine->setPen(QPen(markColour, 1, Qt::DashLine));
        d->markText->setColor(hadas_style::exitColour().darker(120));
        d->markText->setFont(font());
        QColor backing = palette().color(QPalette::Base);
        backing.setAlpha(210);
        d->markText->setBrush(backing);
        d->title->setFont(font());
        d->title->setTextColor(text);
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
