#pragma once

#include "core/candidate.h"
#include "search/hadas/hadas_records.h"

#include "widgets/hadas/inner_front_plot.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

class QTableWidget;

namespace edgenas::app {

/// The HADAS panel's list of one backbone's dynamic models: exits, rule, DVFS point, accuracy
/// (an oracle rule's marked as a lower bound), latency, energy and the saving against the
/// static backbone. Models on the inner front are set in bold.
class HadasModelTable {
public:
    struct Model {
        const core::Candidate* candidate;
        const search::HadasDynamicRecord* record;
    };
    /// What the listed models give the inner front plot.
    struct Listed {
        std::vector<widgets::InnerFrontPoint> points;
        bool oracle = false;  ///< an oracle rule's accuracy is among them
        QString costSource;   ///< provenance of the energy figures
    };

    HadasModelTable();

    QTableWidget* widget() const { return m_table; }
    void clear();
    /// Lists `models`; `staticEnergy` (mJ, NaN if unknown) is the backbone's without exits,
    /// `kneeHash` the model the search chose for it.
    Listed fill(const std::vector<Model>& models, double staticEnergy, const std::string& kneeHash);
    /// Sets in bold the rows of models `onFront` says are on the inner front (by identity).
    void markFront(const std::function<bool(const QString& identity)>& onFront);

private:
    QTableWidget* m_table;
    std::vector<QString> m_identities;  ///< of the listed models, by row
};

} // namespace edgenas::app
