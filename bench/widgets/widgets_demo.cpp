// Shows the widgets with synthetic candidates, to look at them or to take a screenshot:
//   widgets_demo [--points N] [--dark] [--screenshot file.png] [--arch nb201|mobilenet]
// With --screenshot the window is grabbed after it has drawn and the program exits.

#include "widgets/architecture_view.h"
#include "widgets/candidate_table_view.h"
#include "widgets/hypervolume_plot.h"
#include "widgets/pareto_plot.h"

#include "core/architecture_json.h"
#include "core/rng.h"
#include "spaces/space_factory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSplitter>
#include <QStyleFactory>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

using namespace edgenas;

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({"points", "Synthetic candidates to show.", "N", "3000"});
    parser.addOption({"dark", "Use a dark palette."});
    parser.addOption({"screenshot", "Save a PNG of the window and exit.", "file"});
    parser.addOption({"arch", "Show a sampled architecture of this space (nb201, mobilenet) instead.", "space"});
    parser.addOption({"crop", "With --screenshot: save only this part, enlarged 3x, to look closely.", "x,y,w,h"});
    parser.process(app);

    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (parser.isSet("dark")) {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(45, 45, 48));
        dark.setColor(QPalette::WindowText, QColor(230, 230, 230));
        dark.setColor(QPalette::Base, QColor(30, 30, 32));
        dark.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        dark.setColor(QPalette::Button, QColor(55, 55, 58));
        dark.setColor(QPalette::ButtonText, QColor(230, 230, 230));
        dark.setColor(QPalette::Highlight, QColor(60, 140, 220));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
        app.setPalette(dark);
    }

    const int points = std::max(1, parser.value("points").toInt());
    core::Rng rng(21);
    std::vector<core::Candidate> candidates;
    for (int i = 0; i < points; ++i) {
        core::Candidate c;
        c.id = i + 1;
        c.generation = i / 50;
        c.genome = std::to_string(i % 5);
        const double latency = std::exp(std::log(0.4) + rng.uniformReal() * std::log(60.0));
        const double accuracy = std::clamp(0.62 + 0.07 * std::log(latency) + 0.2 * rng.uniformReal(), 0.0, 0.99);
        c.metrics = {{"accuracy", accuracy, "", core::Provenance::Trained},
                     {"latency_ms", latency, "ms", core::Provenance::Table},
                     {"energy_mj", latency * 3.1, "mJ", core::Provenance::Modelled},
                     {"macs", latency * 2.0e6 * (0.8 + 0.4 * rng.uniformReal()), "MACs", core::Provenance::Counted}};
        candidates.push_back(std::move(c));
    }

    std::unique_ptr<widgets::ArchitectureView> archView;
    if (parser.isSet("arch")) {
        const auto space = spaces::makeSearchSpace(parser.value("arch").toStdString());
        core::Candidate c;
        c.id = 42;
        c.architectureJson = core::toJson(space->decode(space->sample(rng)));
        archView = std::make_unique<widgets::ArchitectureView>();
        archView->setDevice(QStringLiteral("raspberry-pi-4"));
        archView->resize(1000, 800);
        archView->show();
        archView->setCandidate(c);
    }

    QSplitter window(Qt::Vertical);
    auto* top = new QSplitter(Qt::Horizontal, &window);
    auto* pareto = new widgets::ParetoPlot(top);
    auto* hypervolume = new widgets::HypervolumePlot(top);
    auto* table = new widgets::CandidateTableView(&window);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 1);
    window.setStretchFactor(0, 3);
    window.setStretchFactor(1, 1);

    pareto->setConstraint(12.0);
    pareto->addCandidates(candidates);
    table->model()->appendCandidates(candidates);
    pareto->replotNow();
    table->model()->setFrontIds(pareto->frontIds());
    for (int i = 1; i <= 40; ++i)
        hypervolume->addSample(i * points / 40, 0.5 * (1.0 - std::exp(-i / 8.0)));
    const QList<qint64> front = pareto->frontIds();
    if (front.size() > 2)
        pareto->setSelectedIds({front[front.size() / 2]});
    QObject::connect(pareto, &widgets::ParetoPlot::selectionChanged, table, &widgets::CandidateTableView::setSelectedIds);
    QObject::connect(table, &widgets::CandidateTableView::selectionChanged, pareto, &widgets::ParetoPlot::setSelectedIds);
    window.resize(1280, 860);
    window.setWindowTitle(QStringLiteral("EdgeNAS widgets demo"));
    if (!archView)
        window.show();
    QWidget* shown = archView ? static_cast<QWidget*>(archView.get()) : &window;

    if (parser.isSet("screenshot")) {
        const QString file = parser.value("screenshot");
        const QStringList crop = parser.value("crop").split(QLatin1Char(','));
        QTimer::singleShot(600, shown, [shown, file, crop] {
            QImage image = shown->grab().toImage();
            if (crop.size() == 4) {
                image = image.copy(crop[0].toInt(), crop[1].toInt(), crop[2].toInt(), crop[3].toInt());
                image = image.scaled(image.size() * 3);
            }
            const bool ok = image.save(file);
            std::fprintf(ok ? stdout : stderr, "%s %s\n", ok ? "saved" : "could not save", qPrintable(file));
            QCoreApplication::exit(ok ? 0 : 1);
        });
    }
    return app.exec();
}
