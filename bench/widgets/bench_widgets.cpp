// Redraw time of the Pareto plot at 10k and 100k points, and append + sort time of the
// candidate table at 100k rows. Run offscreen: QT_QPA_PLATFORM=offscreen bench_widgets.

#include "widgets/candidate_table_view.h"
#include "widgets/pareto_plot.h"

#include "core/rng.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace edgenas;

namespace {

// A plausible cloud: accuracy grows with log latency, with noise; MACs follow latency.
std::vector<core::Candidate> syntheticCandidates(int count, std::uint64_t seed, int firstId = 0) {
    core::Rng rng(seed);
    std::vector<core::Candidate> out;
    out.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        core::Candidate c;
        c.id = firstId + i;
        c.generation = i / 100;
        const double latency = std::exp(std::log(0.3) + rng.uniformReal() * std::log(300.0));
        const double accuracy = std::clamp(0.55 + 0.08 * std::log(latency) + 0.25 * rng.uniformReal(), 0.0, 0.99);
        c.metrics = {{"accuracy", accuracy, "", core::Provenance::Trained},
                     {"latency_ms", latency, "ms", core::Provenance::Table},
                     {"macs", latency * 2.0e6 * (0.8 + 0.4 * rng.uniformReal()), "MACs", core::Provenance::Counted}};
        out.push_back(std::move(c));
    }
    return out;
}

struct Stats {
    double median = 0.0;
    double max = 0.0;
};

Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return {v[v.size() / 2], v.back()};
}

void benchPlot(int points) {
    widgets::ParetoPlot plot;
    plot.resize(1100, 700);
    plot.show();
    plot.setConstraint(50.0);
    QElapsedTimer timer;
    timer.start();
    plot.addCandidates(syntheticCandidates(points, 7));
    const double addMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    plot.replotNow();
    const double firstMs = timer.nsecsElapsed() / 1e6;
    // Steady redraws (what a pan, zoom or hover costs), then redraws that also take in a new
    // generation of 100 candidates (what a live run costs every ~40 ms).
    std::vector<double> redraw, live;
    for (int i = 0; i < 15; ++i) {
        timer.restart();
        plot.replotNow();
        redraw.push_back(timer.nsecsElapsed() / 1e6);
    }
    for (int i = 0; i < 15; ++i) {
        const auto batch = syntheticCandidates(100, 100 + static_cast<std::uint64_t>(i), points + 100 * i);
        timer.restart();
        plot.addCandidates(batch);
        plot.replotNow();
        live.push_back(timer.nsecsElapsed() / 1e6);
    }
    const auto frontSize = plot.frontIds().size();
    // Switching axes rebuilds everything.
    timer.restart();
    plot.setAxes(QStringLiteral("macs"), QStringLiteral("accuracy"));
    plot.replotNow();
    const double axesMs = timer.nsecsElapsed() / 1e6;
    const Stats r = stats(redraw), l = stats(live);
    std::printf("pareto %6d points: add %.1f ms, first draw %.1f ms, redraw median %.1f ms max %.1f ms, "
                "redraw+100 new median %.1f ms max %.1f ms, axis switch %.1f ms (front %lld)\n",
                points, addMs, firstMs, r.median, r.max, l.median, l.max, axesMs,
                static_cast<long long>(frontSize));
}

void benchTable(int rows, int batch, bool sorted) {
    widgets::CandidateTableView view;
    view.resize(900, 600);
    view.show();
    const auto candidates = syntheticCandidates(rows, 3);
    QElapsedTimer timer;
    timer.start();
    double worstBatch = 0.0;
    for (int first = 0; first < rows; first += batch) {
        QElapsedTimer one;
        one.start();
        const std::vector<core::Candidate> part(candidates.begin() + first,
                                                candidates.begin() + std::min(rows, first + batch));
        view.model()->appendCandidates(part);
        if (sorted && first == 0)
            view.tableView()->sortByColumn(view.model()->columnOfMetric("latency_ms"), Qt::AscendingOrder);
        QCoreApplication::processEvents();
        worstBatch = std::max(worstBatch, one.nsecsElapsed() / 1e6);
    }
    const double appendMs = timer.nsecsElapsed() / 1e6;
    timer.restart();
    view.tableView()->sortByColumn(view.model()->columnOfMetric("accuracy"), Qt::DescendingOrder);
    QCoreApplication::processEvents();
    const double sortMs = timer.nsecsElapsed() / 1e6;
    // A live run adds a generation at a time to a sorted table.
    std::vector<double> generation;
    for (int g = 0; g < 10; ++g) {
        const auto more = syntheticCandidates(50, 900 + static_cast<std::uint64_t>(g), rows + 50 * g);
        timer.restart();
        view.model()->appendCandidates(more);
        QCoreApplication::processEvents();
        generation.push_back(timer.nsecsElapsed() / 1e6);
    }
    const Stats live = stats(generation);
    timer.restart();
    view.setFilterText(QStringLiteral("777"));
    const double filterMs = timer.nsecsElapsed() / 1e6;
    const int filtered = view.proxyModel()->rowCount();
    view.setFilterText(QString());
    timer.restart();
    view.tableView()->scrollToBottom();
    QCoreApplication::processEvents();
    const double scrollMs = timer.nsecsElapsed() / 1e6;
    std::printf("table %6d rows in batches of %4d (%s): append %.0f ms (worst batch %.1f ms), sort %.1f ms, "
                "+50 rows while sorted median %.1f ms max %.1f ms, filter %.1f ms (%d rows), scroll to end %.1f ms\n",
                rows, batch, sorted ? "sorted" : "unsorted", appendMs, worstBatch, sortMs, live.median, live.max,
                filterMs, filtered, scrollMs);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    benchPlot(10000);
    benchPlot(100000);
    benchTable(100000, 100000, false);
    benchTable(100000, 2000, false);
    benchTable(100000, 2000, true);
    return 0;
}
