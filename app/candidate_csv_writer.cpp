#include "candidate_csv_writer.h"

#include "core/errors.h"

#include <QSaveFile>

#include <array>
#include <charconv>
#include <cmath>

namespace edgenas::app {

namespace {

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Shortest text that reads back as the same double, so nothing is lost between the run and a
// spreadsheet; not locale-dependent.
QString exactNumber(double value) {
    if (!std::isfinite(value))
        return std::isnan(value) ? QString() : (value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf"));
    std::array<char, 32> buffer{};
    // Whole numbers (MACs, parameters) as plain integers rather than "5e+06".
    const bool whole = std::abs(value) < 1e15 && value == std::trunc(value);
    const auto result = whole ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                              std::chars_format::fixed)
                              : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return QString::fromLatin1(buffer.data(), static_cast<int>(result.ptr - buffer.data()));
}

QString row(const QStringList& fields) {
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString& field : fields)
        escaped.push_back(csvField(field));
    return escaped.join(QLatin1Char(',')) + QLatin1String("\r\n");
}

} // namespace

void writeCandidatesCsv(const QString& path, const std::vector<core::Candidate>& candidates,
                        const QStringList& metricColumns) {
    QStringList metrics = metricColumns;
    if (metrics.isEmpty())
        for (const core::Candidate& c : candidates)
            for (const core::Metric& m : c.metrics)
                if (!metrics.contains(QString::fromStdString(m.name)))
                    metrics.push_back(QString::fromStdString(m.name));

    QStringList header{QStringLiteral("id"),     QStringLiteral("generation"), QStringLiteral("status"),
                       QStringLiteral("hash"),   QStringLiteral("genome"),     QStringLiteral("parents")};
    for (const QString& name : metrics) {
        // The unit of the first candidate that has the metric; the engine gives a metric one unit.
        QString unit;
        for (const core::Candidate& c : candidates)
            if (const core::Metric* m = c.metric(name.toStdString())) {
                unit = QString::fromStdString(m->unit);
                break;
            }
        header.push_back(unit.isEmpty() ? name : QStringLiteral("%1 [%2]").arg(name, unit));
        header.push_back(name + QStringLiteral(" provenance"));
    }

    QString text = row(header);
    for (const core::Candidate& c : candidates) {
        QStringList parents;
        for (std::int64_t parent : c.parents)
            parents.push_back(QString::number(parent));
        QStringList fields{QString::number(c.id),          QString::number(c.generation),
                           QString::fromStdString(c.status), QString::fromStdString(c.hash),
                           QString::fromStdString(c.genome), parents.join(QLatin1Char(';'))};
        for (const QString& name : metrics) {
            const core::Metric* m = c.metric(name.toStdString());
            fields.push_back(m ? exactNumber(m->value) : QString());
            if (m) {
                const std::string_view provenance = core::toString(m->provenance);
                fields.push_back(QString::fromLatin1(provenance.data(), qsizetype(provenance.size())));
            } else {
                fields.push_back(QString());
            }
        }
        text += row(fields);
    }

    QSaveFile file(path);
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw core::InputError(QStringLiteral("cannot write the candidate table to %1: %2")
                                   .arg(path, file.errorString())
                                   .toStdString());
}

} // namespace edgenas::app
