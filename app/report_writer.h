#pragma once

#include "run_report.h"

#include <QString>

namespace edgenas::app {

// Run reports with the same sections in both formats: summary (run, method, status, dates, best
// figures), Pareto plot, hypervolume plot, the front as a table (every metric with its unit and
// provenance, plus a legend), the config JSON and the environment. Both throw core::InputError
// naming the path when the file cannot be written; the file is replaced only when complete.

/// One self-contained HTML file: inline CSS (with print rules) and the images as base64 PNG.
void writeHtmlReport(const RunReport& report, const QString& path);

/// A4 PDF with 15 mm margins, laid out by QTextDocument and printed to a QPdfWriter.
void writePdfReport(const RunReport& report, const QString& path);

} // namespace edgenas::app
