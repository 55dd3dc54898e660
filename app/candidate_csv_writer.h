#pragma once

#include "core/candidate.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace edgenas::app {

/// Writes candidates as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas,
/// quotes or line breaks quoted with doubled quotes), UTF-8, one row per candidate:
/// id, generation, status, hash, genome, parents, then per metric column its value (full
/// precision, shortest round-trip form; empty when the candidate lacks it) and its provenance.
/// A metric's header carries its unit, e.g. "latency_ms [ms]", followed by "latency_ms provenance".
/// An empty `metricColumns` means every metric any candidate has, in first-seen order.
/// The file is replaced atomically; throws core::InputError naming the path when it cannot be written.
void writeCandidatesCsv(const QString& path, const std::vector<core::Candidate>& candidates,
                        const QStringList& metricColumns = {});

} // namespace edgenas::app
