#pragma once

#include "core/candidate.h"
#include "search/hadas/hadas_records.h"


#include <cstdint>
#include <vector>

class QTableWidget;

namespace edgenas::app {

/// The HADAS panel's list of backbones: id, generation, its inner search (how many dynamic
/// models), accuracy, latency, energy, blocks and MACs, each figure with its provenance.
/// Backbones searched at the inner level come first; the others are greyed.
class HadasBackboneTable {
public:
    struct Row {
        const core::Candidate* candidate;
        search::HadasBackboneRecord record;  ///< with its inner search's outcome
        int dynamicModels = 0;
    };

    HadasBackboneTable();

    QTableWidget* widget() const { return m_table; }
    /// Lists `rows` (searched backbones first, each group by store id) and selects `shownId`
    /// without signalling.
    void fill(std::vector<Row> rows, std::int64_t shownId);

private:
    QTableWidget* m_table;
};

} // namespace edgenas::app
