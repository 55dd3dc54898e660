#pragma once

#include "search/gram/gram_records.h"

#include "widgets/gram/meta_graph_view.h"

#include <QString>

namespace edgenas::app {

/// The meta-graph of one GRAM sweep as the view draws it, captioned with its entropies and
/// rewards; the current graph is the chain's genome with its dead parts removed (they are not
/// built, so they are not highlighted). A current genome that cannot be read is named in
/// `problem` and left out.
widgets::MetaGraphDrawing metaGraphDrawingOf(const search::GramSweepRecord& record, int sweeps, QString* problem);

} // namespace edgenas::app
