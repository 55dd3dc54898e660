#include "report_writer.h"

#include "core/errors.h"
#include "search/objective_scorer.h"
#include "search/run_config.h"
#include "widgets/metric_naming.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QJsonDocument>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <functional>

namespace edgenas::app {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("edgenas::app::ReportWriter", text); }

QString esc(const QString& text) { return text.toHtmlEscaped(); }

QString qs(const std::string& text) { return QString::fromStdString(text); }

// Screen and browser print styles for the HTML file. Tables never split a row across pages and
// headings stay with what follows them.
constexpr const char* kFileCss = R"(
body { font-family: "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10.5pt;
       color: #1d1d1f; background: #ffffff; max-width: 60em; margin: 2em auto; padding: 0 1.5em; line-height: 1.4; }
h1 { font-size: 18pt; margin-bottom: 0.2em; }
h2 { font-size: 13.5pt; border-bottom: 1px solid #c8c8cc; padding-bottom: 0.15em; margin-top: 1.6em; }
p.meta { color: #6e6e73; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #d2d2d7; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f2f5; }
table.kv th { width: 14em; }
table.front td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
span.prov { color: #6e6e73; font-size: 8pt; }
pre { background: #f6f6f8; border: 1px solid #d2d2d7; padding: 0.6em; font-size: 8.5pt; white-space: pre-wrap; }
img.plot { max-width: 100%; height: auto; border: 1px solid #d2d2d7; }
p.missing { color: #a0241e; font-style: italic; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  @page { size: A4; margin: 15mm; }
  h2 { page-break-after: avoid; break-after: avoid; }
  tr, img { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
}
)";

// The subset of CSS QTextDocument understands, for the PDF.
constexpr const char* kPrintCss = R"(
h1 { font-size: 16pt; }
h2 { font-size: 12.5pt; margin-top: 14px; }
p.meta { color: #6e6e73; }
th { background-color: #f2f2f5; font-weight: bold; text-align: left; }
td.num { text-align: right; }
span.prov { color: #6e6e73; font-size: 7pt; }
pre { font-size: 7.5pt; background-color: #f6f6f8; }
p.missing { color: #a0241e; font-style: italic; }
)";

// Metric names of the objectives first (in objective order), then every other metric the front
// carries, in first-seen order.
QStringList metricColumns(const RunReport& report) {
    QStringList columns;
    for (const QString& objective : report.objectives) {
        QString metric = objective;
        try {
            metric = qs(search::metricForObjective(objective.toStdString()));
        } catch (const core::InputError&) {
            // An objective this version does not know names its metric directly.
        }
        if (!columns.contains(metric))
            columns.push_back(metric);
    }
    for (const core::Candidate& c : report.front)
        for (const core::Metric& m : c.metrics)
            if (!columns.contains(qs(m.name)))
                columns.push_back(qs(m.name));
    return columns;
}

QString unitOf(const RunReport& report, const QString& metric) {
    for (const core::Candidate& c : report.front)
        if (const core::Metric* m = c.metric(metric.toStdString()))
            return qs(m->unit);
    return {};
}

QString provenanceText(core::Provenance provenance) {
    const std::string_view name = core::toString(provenance);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString valueWithUnit(const QString& metric, double value, const QString& unit) {
    const QString text = widgets::formatMetricValue(metric, value);
    return unit.isEmpty() || unit == QLatin1String("MACs") ? text : text + QLatin1Char(' ') + unit;
}

QString row(const QString& key, const QString& valueHtml) {
    return QStringLiteral("<tr><th>%1</th><td>%2</td></tr>\n").arg(esc(key), valueHtml);
}

QString bestFiguresHtml(const RunReport& report) {
    QString html;
    for (const QString& objective : report.objectives) {
        QString metric = objective;
        try {
            metric = qs(search::metricForObjective(objective.toStdString()));
        } catch (const core::InputError&) {
        }
        const bool maximise = search::isMaximised(objective.toStdString());
        const core::Candidate* best = nullptr;
        const core::Metric* bestMetric = nullptr;
        for (const core::Candidate& c : report.front) {
            const core::Metric* m = c.metric(metric.toStdString());
            if (m && std::isfinite(m->value) &&
                (!bestMetric || (maximise ? m->value > bestMetric->value : m->value < bestMetric->value))) {
                best = &c;
                bestMetric = m;
            }
        }
        const QString label = tr("Best %1").arg(widgets::metricLabel(metric).toLower());
        if (!best) {
            html += row(label, esc(tr("none on the front")));
            continue;
        }
        html += row(label, QStringLiteral("%1 <span class=\"prov\">%2</span> &mdash; %3")
                               .arg(esc(valueWithUnit(metric, bestMetric->value, qs(bestMetric->unit))),
                                    esc(provenanceText(bestMetric->provenance)),
                                    esc(tr("candidate %1").arg(best->id))));
    }
    return html;
}

QString imageHtml(const QImage& image, const QString& source, const QString& alt, bool forPrinting) {
    if (image.isNull())
        return QStringLiteral("<p class=\"missing\">%1</p>\n").arg(esc(tr("No plot image was provided.")));
    // Printing: 640 px at 96 dpi is 169 mm, inside A4's 180 mm between the margins.
    const int width = forPrinting ? 640 : std::min(image.width(), 900);
    const int height = image.width() > 0 ? image.height() * width / image.width() : image.height();
    return QStringLiteral("<p><img class=\"plot\" src=\"%1\" width=\"%2\" height=\"%3\" alt=\"%4\"></p>\n")
        .arg(source)
        .arg(width)
        .arg(height)
        .arg(esc(alt));
}

QString frontTableHtml(const RunReport& report) {
    const QStringList columns = metricColumns(report);
    QString html = QStringLiteral("<table class=\"front\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">\n<thead><tr>");
    html += QStringLiteral("<th>%1</th><th>%2</th><th>%3</th>").arg(esc(tr("Id")), esc(tr("Gen.")), esc(tr("Genome")));
    for (const QString& metric : columns)
        html += QStringLiteral("<th>%1</th>").arg(esc(widgets::metricLabelWithUnit(metric, unitOf(report, metric))));
    html += QStringLiteral("</tr></thead>\n<tbody>\n");
    for (const core::Candidate& c : report.front) {
        html += QStringLiteral("<tr><td class=\"num\">%1</td><td class=\"num\">%2</td><td>%3</td>")
                    .arg(c.id)
                    .arg(c.generation)
                    .arg(esc(qs(c.genome.empty() ? c.hash.substr(0, 12) : c.genome)));
        for (const QString& metric : columns) {
            const core::Metric* m = c.metric(metric.toStdString());
            if (!m)
                html += QStringLiteral("<td class=\"num\">&ndash;</td>");
            else
                html += QStringLiteral("<td class=\"num\">%1 <span class=\"prov\">%2</span></td>")
                            .arg(esc(widgets::formatMetricValue(metric, m->value)), esc(provenanceText(m->provenance)));
        }
        html += QStringLiteral("</tr>\n");
    }
    html += QStringLiteral("</tbody></table>\n");
    if (report.front.empty())
        html += QStringLiteral("<p class=\"missing\">%1</p>\n").arg(esc(tr("The run has no committed front yet.")));
    return html;
}

// A method's own section (report.methodSections): paragraphs, an image, a table.
QString methodSectionHtml(const ReportSection& section, const QString& imageSource, bool forPrinting) {
    QString html = QStringLiteral("<h2>%1</h2>\n").arg(esc(section.title));
    for (const QString& paragraph : section.paragraphs)
        html += QStringLiteral("<p>%1</p>\n").arg(esc(paragraph));
    if (!section.image.isNull()) {
        html += imageHtml(section.image, imageSource, section.imageCaption.isEmpty() ? section.title : section.imageCaption,
                          forPrinting);
        if (!section.imageCaption.isEmpty())
            html += QStringLiteral("<p class=\"meta\">%1</p>\n").arg(esc(section.imageCaption));
    }
    if (!section.tableHeader.isEmpty()) {
        html += QStringLiteral("<table class=\"front\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">\n<thead><tr>");
        for (const QString& h : section.tableHeader)
            html += QStringLiteral("<th>%1</th>").arg(esc(h));
        html += QStringLiteral("</tr></thead>\n<tbody>\n");
        for (const QStringList& row : section.tableRows) {
            html += QStringLiteral("<tr>");
            for (const QString& value : row)
                html += QStringLiteral("<td>%1</td>").arg(esc(value));
            html += QStringLiteral("</tr>\n");
        }
        html += QStringLiteral("</tbody></table>\n");
    }
    return html;
}

QString prettyJson(const QString& text) {
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    return doc.isNull() ? text : QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
}

QString reportHtml(const RunReport& report, bool forPrinting, const std::function<QString(const QString&)>& imageSource) {
    const QString generatedAt = report.generatedAt.isEmpty()
                                    ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate)
                                    : report.generatedAt;
    const QString title = tr("EdgeNAS run report: %1").arg(report.runName);
    QString html = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                  "<title>%1</title>\n<style>%2</style>\n</head>\n<body>\n")
                       .arg(esc(title), QString::fromLatin1(forPrinting ? kPrintCss : kFileCss));
    html += QStringLiteral("<h1>%1</h1>\n<p class=\"meta\">%2</p>\n")
                .arg(esc(title), esc(tr("Generated %1 by EdgeNAS Workbench").arg(generatedAt)));

    // Summary.
    html += QStringLiteral("<h2>%1</h2>\n<table class=\"kv\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">\n")
                .arg(esc(tr("Summary")));
    html += row(tr("Run"), esc(report.runName));
    html += row(tr("Method"), esc(report.method));
    html += row(tr("Status"), esc(report.status));
    html += row(tr("Started"), esc(report.startedAt));
    html += row(tr("Ended"), esc(report.endedAt.isEmpty() ? tr("not ended") : report.endedAt));
    html += row(tr("Seed"), QString::number(report.seed));
    QStringList objectives;
    for (const QString& objective : report.objectives)
        objectives.push_back(QStringLiteral("%1 (%2)").arg(objective, search::isMaximised(objective.toStdString())
                                                                           ? tr("maximised")
                                                                           : tr("minimised")));
    html += row(tr("Objectives"), esc(objectives.join(QStringLiteral(", "))));
    html += row(tr("Candidates evaluated"), QString::number(report.candidateCount));
    html += row(tr("Front size"), QString::number(report.front.size()));
    if (!report.hypervolume.empty()) {
        const HypervolumeSample& last = report.hypervolume.back();
        html += row(tr("Final hypervolume"),
                    esc(tr("%1 after %2 evaluations (generation %3)")
                            .arg(QString::number(last.hypervolume, 'g', 6))
                            .arg(last.evaluations)
                            .arg(last.generation)));
    }
    html += bestFiguresHtml(report);
    if (!report.notes.isEmpty())
        html += row(tr("Notes"), esc(report.notes).replace(QLatin1Char('\n'), QLatin1String("<br>")));
    html += QStringLiteral("</table>\n");

    // Plots.
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(tr("Pareto front")));
    html += imageHtml(report.paretoImage, imageSource(QStringLiteral("pareto")), tr("Pareto plot"), forPrinting);
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(tr("Hypervolume over time")));
    html += imageHtml(report.hypervolumeImage, imageSource(QStringLiteral("hypervolume")), tr("Hypervolume plot"),
                      forPrinting);

    // The method's own sections (HADAS: the early-exit and DVFS view).
    for (std::size_t i = 0; i < report.methodSections.size(); ++i)
        html += methodSectionHtml(report.methodSections[i], imageSource(QStringLiteral("section-%1").arg(i)), forPrinting);

    // Front table and the provenance legend.
    html += QStringLiteral("<h2>%1</h2>\n").arg(esc(tr("Front candidates")));
    html += frontTableHtml(report);
    html += QStringLiteral("<p><b>%1</b></p>\n<table class=\"kv legend\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">\n")
                .arg(esc(tr("Provenance of the figures")));
    const auto legend = report.provenanceLegend.empty() ? provenanceLegend() : report.provenanceLegend;
    for (const auto& [name, meaning] : legend)
        html += row(name, esc(meaning));
    html += QStringLiteral("</table>\n");

    // Config and environment.
    html += QStringLiteral("<h2>%1</h2>\n<pre>%2</pre>\n").arg(esc(tr("Configuration")), esc(prettyJson(report.configJson)));
    const ReportEnvironment& env = report.environment;
    html += QStringLiteral("<h2>%1</h2>\n<table class=\"kv\" cellspacing=\"0\" cellpadding=\"3\" border=\"1\">\n")
                .arg(esc(tr("Environment")));
    html += row(tr("Host"), esc(env.host));
    html += row(tr("Operating system"), esc(env.operatingSystem));
    html += row(tr("LibTorch"), esc(env.torchVersion));
    html += row(tr("Qt"), esc(env.qtVersion));
    html += row(tr("SQLite"), esc(env.sqliteVersion));
    html += row(tr("BLAS"), esc(env.blas));
    html += row(tr("Threads"), env.threads > 0 ? QString::number(env.threads) : esc(tr("unknown")));
    html += QStringLiteral("</table>\n</body>\n</html>\n");
    return html;
}

QString pngDataUrl(const QImage& image) {
    if (image.isNull())
        return {};
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
}

[[noreturn]] void fail(const QString& what, const QString& path, const QString& reason) {
    throw core::InputError(QStringLiteral("cannot write the %1 to %2: %3").arg(what, path, reason).toStdString());
}

} // namespace

void writeHtmlReport(const RunReport& report, const QString& path) {
    const QString pareto = pngDataUrl(report.paretoImage);
    const QString hypervolume = pngDataUrl(report.hypervolumeImage);
    QStringList sections;
    for (const ReportSection& section : report.methodSections)
        sections << pngDataUrl(section.image);
    const QString html = reportHtml(report, false, [&](const QString& which) {
        if (which.startsWith(QLatin1String("section-")))
            return sections.value(which.mid(8).toInt());
        return which == QLatin1String("pareto") ? pareto : hypervolume;
    });
    QSaveFile file(path);
    const QByteArray bytes = html.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        fail(tr("HTML report"), path, file.errorString());
}

void writePdfReport(const RunReport& report, const QString& path) {
    QTextDocument document;
    QFont font = document.defaultFont();
    font.setPointSizeF(9.0);
    document.setDefaultFont(font);
    // The images travel as document resources; QTextDocument does not decode data: URLs.
    const auto resource = [](const QString& which) { return QStringLiteral("edgenas-report:%1.png").arg(which); };
    if (!report.paretoImage.isNull())
        document.addResource(QTextDocument::ImageResource, QUrl(resource(QStringLiteral("pareto"))), report.paretoImage);
    if (!report.hypervolumeImage.isNull())
        document.addResource(QTextDocument::ImageResource, QUrl(resource(QStringLiteral("hypervolume"))),
                             report.hypervolumeImage);
    for (std::size_t i = 0; i < report.methodSections.size(); ++i)
        if (!report.methodSections[i].image.isNull())
            document.addResource(QTextDocument::ImageResource, QUrl(resource(QStringLiteral("section-%1").arg(i))),
                                 report.methodSections[i].image);
    document.setHtml(reportHtml(report, true, resource));

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        fail(tr("PDF report"), path, file.errorString());
    {
        QPdfWriter writer(&file);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(tr("EdgeNAS run report: %1").arg(report.runName));
        writer.setCreator(QStringLiteral("EdgeNAS Workbench"));
        document.print(&writer);
    }  // the writer finishes the PDF when it goes out of scope
    if (file.error() != QFileDevice::NoError || !file.commit())
        fail(tr("PDF report"), path, file.errorString());
}

} // namespace edgenas::app
