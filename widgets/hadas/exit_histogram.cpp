#include "exit_histogram.h"

#include "hadas_plot_style.h"
#include "plot_style.h"
#include "hadas_record_checks.h"

#include <qcustomplot.h>

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>

namespace edgenas::widgets {

class ExitHistogram::Private {
public:
    QCustomPlot* plot = nullptr;
    QCPTextElement* title = nullptr;
    QCPBars* exits = nullptr;
    QCPBars* final = nullptr;
    QLabel* message = nullptr;
    QStringList labels;
    std::vector<double> values;
    std::vector<QCPItemText*> valueTexts;
    QString error;

    void clearBars() {
        exits->data()->clear();
        final->data()->clear();
        for (QCPItemText* t : valueTexts)
            plot->removeItem(t);
        valueTexts.clear();
        labels.clear();
        values.clear();
    }
};

ExitHistogram::ExitHistogram(QWidget* parent) : QWidget(parent), d(std::make_unique<Private>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    d->message = new QLabel;
    d->message->setWordWrap(true);
    d->message->setAlignment(Qt::AlignCenter);
    d->message->hide();
    layout->addWidget(d->message);
    d->plot = plot_style::addCanvas(this, layout, QStringLiteral("exitHistogramCanvas"), QSize(180, 120), 1);
    d->plot->plotLayout()->insertRow(0);
    d->title = new QCPTextElement(d->plot, QString());
    d->plot->plotLayout()->addElement(0, 0, d->title);
    d->exits = plot_style::addBars(d->plot->xAxis, d->plot->yAxis);
    d->final = plot_style::addBars(d->plot->xAxis, d->plot->yAxis);
    d->plot->yAxis->setLabel(tr("Validation samples leaving [%]"));
    plot_style::setUpBarAxes(d->plot->xAxis, d->plot->yAxis);
    QEvent paletteChange(QEvent::PaletteChange);
    changeEvent(&paletteChange);
    clearView();
}

ExitHistogram::~ExitHistogram() = default;

void ExitHistogram::clearView(const QString& message) {
    d->clearBars();
    d->error.clear();
    d->title->setText(tr("Where samples leave"));
    d->message->setText(message);
    d->message->setStyleSheet({});
    d->message->setVisible(!message.isEmpty());
    d->plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    d->plot->xAxis->setRange(0, 1);
    d->plot->yAxis->setRange(0, 100);
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

void ExitHistogram::setModel(const search::HadasDynamicRecord& dynamic) {
    clearView();
    d->error = exitRecordProblem(dynamic, nullptr);
    if (!d->error.isEmpty()) {
        d->message->setText(tr("The exit histogram cannot be drawn: %1").arg(d->error));
        d->message->setStyleSheet(QStringLiteral("color: %1").arg(hadas_style::warningColour().name()));
        d->message->show();
        d->plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    if (dynamic.exitRates.empty()) {
        d->message->setText(tr("The exit rates of this model were not computed."));
        d->message->show();
        d->plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const std::size_t n = dynamic.exitBlocks.size();
    double top = 0.0;
    for (std::size_t i = 0; i <= n; ++i) {
        const double share = dynamic.exitRates[i];
        const QString label = i < n ? tr("b%1").arg(dynamic.exitBlocks[i]) : tr("final");
        d->labels << label;
        d->values.push_back(share);
        ticker->addTick(double(i + 1), label);
        (i < n ? d->exits : d->final)->addData(double(i + 1), 100.0 * share);
        top = std::max(top, 100.0 * share);
        auto* text = new QCPItemText(d->plot);
        text->position->setCoords(double(i + 1), 100.0 * share);
        text->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        text->setClipToAxisRect(false);  // a label wider than its bar may reach past the first one
        text->setText(percentText(share));
        text->setFont(font());
        text->setColor(palette().color(QPalette::Text));
        d->valueTexts.push_back(text);
    }
    d->plot->xAxis->setTicker(ticker);
    d->plot->xAxis->setRange(0.4, double(n + 1) + 0.6);
    d->plot->yAxis->setRange(0.0, std::max(10.0, top * 1.2));
    const QString caveat = accuracyCaveat(dynamic);
    QString title = tr("Where samples leave");
    if (dynamic.rule == "threshold")
        title += QStringLiteral("\n") + tr("(softmax %1)").arg(thresholdText(dynamic));
    else if (!dynamic.rule.empty())
        title += QStringLiteral("\n") + tr("(%1 rule)").arg(QString::fromStdString(dynamic.rule));
    if (!caveat.isEmpty())
        title += QStringLiteral("\n") + caveat;
    d->title->setText(title);
    d->title->setTextColor(caveat.isEmpty() ? palette().color(QPalette::Text) : hadas_style::warningColour());
    d->plot->replot(QCustomPlot::rpQueuedReplot);
}

int ExitHistogram::barCount() const { return int(d->values.size()); }
double ExitHistogram::barValue(int index) const {
    return index >= 0 && index < int(d->values.size()) ? d->values[std::size_t(index)] : -1.0;
}
QStringList ExitHistogram::barLabels() const { return d->labels; }
QString ExitHistogram::titleText() const { return d->title->text(); }
QString ExitHistogram::errorText() const { return d->error; }

QImage ExitHistogram::renderImage(QSize size) const {
    return d->plot->toPixmap(size.width(), size.height()).toImage();
}

void ExitHistogram::replotNow() { d->plot->replot(QCustomPlot::rpImmediateRefresh); }

void ExitHistogram::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        plot_style::applyPalette(d->plot, this);
        plot_style::styleBars(d->exits, hadas_style::exitColour());
        plot_style::styleBars(d->final, hadas_style::finalHeadColour());
        d->title->setFont(font());
        for (QCPItemText* t : d->valueTexts)
            t->setColor(palette().color(QPalette::Text));
        d->plot->replot(QCustomPlot::rpQueuedReplot);
    }
    QWidget::changeEvent(event);
}

} // namespace edgenas::widgets
