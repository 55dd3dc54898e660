#include "widgets/hypervolume_plot.h"

#include <qcustomplot.h>

#include <QtTest>

#include <cmath>
#include <set>

using namespace edgenas::widgets;

class TestHypervolumePlot : public QObject {
    Q_OBJECT
private slots:
    void samplesAreCountedAndDrawn();
    void renderImageIsNotBlank();
};

void TestHypervolumePlot::samplesAreCountedAndDrawn() {
    HypervolumePlot plot;
    for (int i = 1; i <= 50; ++i)
        plot.addSample(i * 8, 1.0 - std::exp(-i / 10.0));
    plot.addSample(60, std::nan(""));  // ignored: not a number
    QCOMPARE(plot.sampleCount(), 50);
    auto* canvas = plot.findChild<QCustomPlot*>(QStringLiteral("hypervolumeCanvas"));
    QVERIFY(canvas);
    QTRY_COMPARE_WITH_TIMEOUT(canvas->graph(0)->dataCount(), 50, 2000);
    QCOMPARE(canvas->graph(0)->data()->at(49)->key, 400.0);
    QVERIFY(canvas->yAxis->range().upper >= 1.0 - std::exp(-5.0));
    QCOMPARE(canvas->yAxis->range().lower, 0.0);
    plot.clear();
    QCOMPARE(plot.sampleCount(), 0);
    QCOMPARE(canvas->graph(0)->dataCount(), 0);
}

void TestHypervolumePlot::renderImageIsNotBlank() {
    HypervolumePlot plot;
    for (int i = 1; i <= 20; ++i)
        plot.addSample(i * 10, std::sqrt(i));
    const QImage image = plot.renderImage(QSize(500, 300));
    QCOMPARE(image.size(), QSize(500, 300));
    std::set<QRgb> colours;
    int highlightPixels = 0;
    const QColor highlight = plot.palette().color(QPalette::Highlight);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            colours.insert(c.rgb());
            if (std::abs(c.red() - highlight.red()) < 10 && std::abs(c.blue() - highlight.blue()) < 10 &&
                std::abs(c.green() - highlight.green()) < 10)
                ++highlightPixels;
        }
    QVERIFY(colours.size() > 10);
    QVERIFY2(highlightPixels > 200, "no curve drawn");
}

QTEST_MAIN(TestHypervolumePlot)
#include "test_hypervolume_plot.moc"
