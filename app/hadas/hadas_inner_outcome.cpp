#include "hadas_inner_outcome.h"

#include "core/errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace edgenas::app {

namespace {

[[noreturn]] void damaged(const QString& key, const char* problem) {
    throw core::InputError(std::string(kHadasInnerRunRecord) + " record is damaged: " + key.toStdString() + " " + problem);
}

double number(const QJsonObject& o, const QString& key, const QString& path) {
    const QJsonValue v = o.value(key);
    if (!v.isDouble())
        damaged(path + key, "must be a number");
    return v.toDouble();
}

} // namespace

HadasInnerOutcome hadasInnerOutcomeFromJson(const std::string& json) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
    if (!doc.isObject())
        damaged(QStringLiteral("the record"), "must be a JSON object");
    const QJsonObject o = doc.object();
    HadasInnerOutcome out;
    out.backboneId = static_cast<std::int64_t>(number(o, QStringLiteral("backbone_id"), {}));
    out.backboneHash = o.value(QStringLiteral("backbone")).toString().toStdString();
    out.kneeHash = o.value(QStringLiteral("knee")).toString().toStdString();
    for (const QJsonValue& v : o.value(QStringLiteral("exit_blocks")).toArray())
        out.exitPositions.push_back(v.toInt());
    const QJsonValue heads = o.value(QStringLiteral("heads"));
    if (!heads.isUndefined() && !heads.isArray())
        damaged(QStringLiteral("heads"), "must be an array");
    const QJsonArray list = heads.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("heads[%1].").arg(i);
        if (!list[i].isObject())
            damaged(path.chopped(1), "must be an object");
        const QJsonObject h = list[i].toObject();
        search::HadasExitHead head;
        head.block = static_cast<int>(number(h, QStringLiteral("block"), path));
        head.validationAccuracy = number(h, QStringLiteral("validation_accuracy"), path);
        head.testAccuracy = h.value(QStringLiteral("test_accuracy")).toDouble(-1.0);
        head.temperature = h.value(QStringLiteral("temperature")).toDouble(1.0);
        head.macs = h.value(QStringLiteral("macs")).toDouble(0.0);
        out.heads.push_back(head);
    }
    return out;
}

search::HadasBackboneRecord withInnerOutcome(search::HadasBackboneRecord record, const HadasInnerOutcome* outcome,
                                             bool hasDynamicModels) {
    if (outcome) {
        record.searchedInner = true;
        if (record.exits.empty())
            record.exits = outcome->heads;
    }
    if (hasDynamicModels)
        record.searchedInner = true;
    return record;
}

} // namespace edgenas::app
