#include "gram_sweep_drawing.h"

#include "gram_panel.h"
#include "panel_table.h"

#include "spaces/dag_cell.h"

#include <exception>

namespace edgenas::app {

widgets::MetaGraphDrawing metaGraphDrawingOf(const search::GramSweepRecord& r, int sweeps, QString* problem) {
    widgets::MetaGraphDrawing d;
    d.nodes = r.nodes;
    for (const std::string& op : r.ops)
        d.opNames << QString::fromStdString(op);
    d.edgeProbability = r.edgeProbability;
    d.opProbability = r.opProbability;
    if (!r.currentGenome.empty()) {
        try {
            const spaces::DagCell cell = spaces::withoutDeadParts(spaces::dagCellOf(r.currentGenome, r.nodes));
            const std::vector<bool> live = spaces::liveNodes(cell);
            for (int j = 1; j < cell.nodes; ++j)
                for (int i = 0; i < j; ++i)
                    if (cell.edge(i, j))
                        d.currentEdges.emplace_back(i, j);
            d.currentOps.assign(std::size_t(cell.nodes), -1);
            for (int j = 1; j < cell.nodes; ++j)
                if (live[std::size_t(j)])
                    d.currentOps[std::size_t(j)] = cell.ops[std::size_t(j)];
        } catch (const std::exception& e) {
            *problem = GramPanel::tr("the current graph of sweep %1 cannot be read: %2")
                           .arg(r.sweep)
                           .arg(QString::fromUtf8(e.what()));
        }
    }
    d.caption = GramPanel::tr("Sweep %1 of %2 · entropy: edges %3, operators %4 bits · reward %5 (best %6)")
                    .arg(r.sweep)
                    .arg(sweeps)
                    .arg(panelNumber(r.edgeEntropyBits, 3), panelNumber(r.opEntropyBits, 3), panelNumber(r.currentReward, 3),
                         panelNumber(r.bestReward, 3));
    d.details = GramPanel::tr("Mean Bernoulli entropy of the edges: %1 bits\nMean operator entropy: %2 bits\n"
                              "Current graph: %3 live edges, reward %4 (network %5)\nBest so far: reward %6 (network "
                              "%7)\nReward baseline: %8\nVariants scored in this sweep: %9 (%10 evaluated for the "
                              "first time)")
                    .arg(panelNumber(r.edgeEntropyBits), panelNumber(r.opEntropyBits))
                    .arg(d.currentEdges.size())
                    .arg(panelNumber(r.currentReward), QString::fromStdString(r.currentHash), panelNumber(r.bestReward),
                         QString::fromStdString(r.bestHash), panelNumber(r.baseline))
                    .arg(r.variantsScored)
                    .arg(r.variantsNew);
    return d;
}

} // namespace edgenas::app
