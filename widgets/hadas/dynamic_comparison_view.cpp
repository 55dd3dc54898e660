#include "dynamic_comparison_view.h"

#include "hadas_plot_style.h"
#include "plot_style.h"
#include "hadas_record_checks.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace edgenas::widgets {

class DynamicComparisonView::Private {
public:
    QCustomPlot* plot = nullptr;
    QCPAxisRect* energyRect = nullptr;
    QCPAxisRect* accuracyRect = nullptr;
    QCPTextElement* energyTitle = nullptr;
    QCPTextElement* accuracyTitle = nullptr;
    std::array<QCPBars*, 3> energyBars{};
    std::array<QCPBars*, 3> accuracyBars{};
    std::vector<QCPItemText*> texts;
    QLabel* message = nullptr;
    std::array<double, 3> energy{-1, -1, -1};
    std::array<double, 3> accuracy{-1, -1, -1};
    QStringList labels;

    QCPItemText* addText(QCPAxisRect* rect, double x, double y, const QString& text, const QColor& colour,
                         const QFont& font) {
        auto* item = new QCPItemText(plot);
        item->setClipAxisRect(rect);
        item->position->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        item->position->setCoords(x, y);
        item->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        item->setText(text);
        item->setColor(colour);
        item->setFont(font);
        item->setPadding(QMargins(0, 0, 0, 2));
        texts.push_back(item);
        return item;
    }
};

DynamicComparisonView::DynamicComparisonView(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    d->message = new QLabel;
    d->message->setWordWrap(true);
    d->message->setAlignment(Qt::AlignCenter);
    d->message->hide();
    layout->addWidget(d->message);
    d->plot = plot_style::addCanvas(this, layout, QStringLiteral("comparisonCanvas"), QSize(240, 140), 1);

    d->plot->plotLayout()->clear();
    d->energyRect = new QCPAxisRect(d->plot);
    d->accuracyRect = new QCPAxisRect(d->plot);
    d->energyTitle = new QCPTextElement(d->plot, QString());
    d->accuracyTitle = new QCPTextElement(d->plot, QString());
    // Energy above accuracy: in a narrow column each bar keeps room for its labels.
    d->plot->plotLayout()->addElement(0, 0, d->energyTitle);
    d->plot->plotLayout()->addElement(1, 0, d->energyRect);
    d->plot->plotLayout()->addElement(2, 0, d->accuracyTitle);
    d->plot->plotLayout()->addElement(3, 0, d->accuracyRect);
    d->plot->plotLayout()->setRowStretchFactors({0.01, 1.0, 0.01, 1.0});
    d->plot->plotLayout()->setRowSpacing(2);
    // The two rects share their left margin so the bars line up.
    auto* margins = new QCPMarginGroup(d->plot);
    d->energyRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    d->accuracyRect->setMarginGroup(QCP::msLeft | QCP::msRight, margins);
    for (QCPAxisRect* rect : {d->energyRect, d->accuracyRect}) {
        plot_style::setUpBarAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        rect->setupFullAxesBox(false);
        rect->axis(QCPAxis::atTop)->setVisible(false);
        rect->axis(QCPAxis::atRight)->setVisible(false);
    }
    for (int i = 0; i < 3; ++i) {
        d->energyBars[std::size_t(i)] =
            plot_style::addBars(d->energyRect->axis(QCPAxis::atBottom), d->energyRect->axis(QCPAxis::atLeft));
        d->accuracyBars[std::size_t(i)] =
            plot_style::addBars(d->accuracyRect->axis(QCPAxis::atBottom), d->accuracyRect->axis(QCPAxis::atLeft));
    }
    QEvent paletteChange(QEvent::PaletteChange);
    changeEvent(&paletteChange);
    clearView();
}

DynamicComparisonView::~DynamicComparisonView() = default;

void DynamicComparisonView::clearView(const QString& message) {
    for (QCPItemText* t : d->texts)
        d->plot->removeItem(t);
    d->texts.clear();
    for (int i = 0; i < 3; ++i) {
        d->energyBars[std::size_t(i)]->data()->clear();
        d->accuracyBars[std::size_t(i)]->data()->clear();
    }
    d->energy = {-1, -1, -1};
    d->accuracy = {-1, -1, -1};
    d->labels.clear();
    d->energyTitle->setText(tr("Energy per inference"));
    d->accuracyTitle->setText(tr("Accuracy"));
    d->accuracyTitle->setTextColor(palette().color(QPalette::Text));
    d->message->setText(message);
    d->message->setVisible(!message.isEmpty());
    for (QCPAxisRect* rect : {d->energyRect, d->accuracyRect}) {
        rect->axis(QCPAxis::atBottom)->setTicker(QSharedPointer<QCPAxisTickerText>::create());
        rect->axis(QCPAxis::atBottom)->setRange(0.4, 3.6);
        rect->axis(QCPAxis::atLeft)->setRange(0, 1);
    }
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void DynamicComparisonView::setModel(const search::HadasDynamicRecord& dyn) {
    clearView();
    const QLocale locale;
    const QString provenance = QString::fromStdString(dyn.costProvenance.empty() ? "modelled" : dyn.costProvenance);
    const QString caveat = accuracyCaveat(dyn);
    const QString point = dyn.operatingPoint.empty() ? tr("chosen point") : QString::fromStdString(dyn.operatingPoint);
    d->labels = {tr("Static\nmax clocks"), tr("EEx\nmax clocks"), tr("EEx + DVFS\n%1").arg(point)};
    // Tick labels under the accuracy bars only; the energy bars above share their columns.
    const QStringList shortLabels{tr("Static"), tr("EEx"), tr("EEx + DVFS")};
    const std::array<const search::HadasFigures*, 3> figures{&dyn.staticMaxClock, &dyn.exitsMaxClock, &dyn.exitsDvfs};

    auto energyTicks = QSharedPointer<QCPAxisTickerText>::create();
    auto accuracyTicks = QSharedPointer<QCPAxisTickerText>::create();
    double topEnergy = 0.0, topAccuracy = 0.0;
    for (int i = 0; i < 3; ++i) {
        energyTicks->addTick(i + 1, shortLabels[i]);
        accuracyTicks->addTick(i + 1, d->labels[i]);
        d->energy[std::size_t(i)] = figures[std::size_t(i)]->energyMj;
        d->accuracy[std::size_t(i)] = figures[std::size_t(i)]->accuracy;
        d->energyBars[std::size_t(i)]->addData(i + 1, figures[std::size_t(i)]->energyMj);
        d->accuracyBars[std::size_t(i)]->addData(i + 1, 100.0 * figures[std::size_t(i)]->accuracy);
        topEnergy = std::max(topEnergy, figures[std::size_t(i)]->energyMj);
        topAccuracy = std::max(topAccuracy, 100.0 * figures[std::size_t(i)]->accuracy);
    }
    d->energyRect->axis(QCPAxis::atBottom)->setTicker(energyTicks);
    d->accuracyRect->axis(QCPAxis::atBottom)->setTicker(accuracyTicks);
    // Room above the bars for their labels (three lines on the early-exit bars).
    d->energyRect->axis(QCPAxis::atLeft)->setRange(0.0, std::max(1e-9, topEnergy) * 1.55);
    d->accuracyRect->axis(QCPAxis::atLeft)->setRange(0.0, std::max(1.0, topAccuracy) * (caveat.isEmpty() ? 1.3 : 1.6));

    const QColor text = palette().color(QPalette::Text);
    QFont small = font();
    small.setPointSizeF(std::max(6.5, font().pointSizeF() * 0.9));
    const double base = dyn.staticMaxClock.energyMj;
    for (int i = 0; i < 3; ++i) {
        const search::HadasFigures& f = *figures[std::size_t(i)];
        QString energy = tr("%1 mJ\n%2 ms").arg(locale.toString(f.energyMj, 'g', 3), locale.toString(f.latencyMs, 'g', 3));
        if (i > 0 && base > 0.0)
            energy += QStringLiteral("\n") + tr("%1 %").arg(locale.toString(100.0 * (f.energyMj / base - 1.0), 'f', 0));
        d->addText(d->energyRect, i + 1, f.energyMj, energy, text, small);
        QString accuracy = percentText(f.accuracy);
        if (i == 2 && dyn.testAccuracy >= 0.0)
            accuracy += QStringLiteral("\n") + tr("test %1").arg(percentText(dyn.testAccuracy));
        const bool dynamicBar = i > 0;
        if (dynamicBar && !caveat.isEmpty())
            accuracy += QStringLiteral("\n") + tr("upper bound,\nnot deployable");
        d->addText(d->accuracyRect, i + 1, 100.0 * f.accuracy, accuracy,
                   dynamicBar && !caveat.isEmpty() ? hadas_style::warningColour() : text, small);
    }
    d->energyTitle->setText(tr("Energy per inference [mJ], %1").arg(provenance) + QStringLiteral("\n") +
                            tr("(change against static)"));
    if (caveat.isEmpty()) {
        d->accuracyTitle->setText(tr("Accuracy, validation\n(rule: %1)").arg(ruleText(dyn)));
        d->accuracyTitle->setTextColor(text);
    } else {
        d->accuracyTitle->setText(tr("Accuracy, validation\nearly exits: oracle rule, %1").arg(caveat));
        d->accuracyTitle->setTextColor(hadas_style::warningColour());
    }
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

double DynamicComparisonView::energyAt(int index) const { return index >= 0 && index < 3 ? d->energy[std::size_t(index)] : -1.0; }
double DynamicComparisonView::accuracyAt(int index) const {
    return index >= 0 && index < 3 ? d->accuracy[std::size_t(index)] : -1.0;
}
QStringList DynamicComparisonView::barLabels() const { return d->labels; }

QStringList DynamicComparisonView::texts() const {
    QStringList out{d->energyTitle->text(), d->accuracyTitle->text()};
    for (const QCPItemText* t : d->texts)
        out << t->text();
    for (QString& s : out)
        s.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return out;
}

QImage DynamicComparisonView::renderImage(QSize size) const {
    return d->plot->toPixmap(size.width(), size.height()).toImage();
}

void DynamicComparisonView::replotNow() { d->plot->replot(QCustomPlot::rpImmediateRefresh); }

void DynamicComparisonView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        plot_style::applyPalette(d->plot, this);
        const std::array<QColor, 3> colours{hadas_style::staticColour(), hadas_style::exitColour(), hadas_style::dvfsColour()};
        for (int i = 0; i < 3; ++i)
            for (QCPBars* bars : {d->energyBars[std::size_t(i)], d->accuracyBars[std::size_t(i)]})
                plot_style::styleBars(bars, colours[std::size_t(i)]);
        d->energyTitle->setFont(font());
        d->accuracyTitle->setFont(font());
        d->energyTitle->setTextColor(palette().color(QPalette::Text));
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
