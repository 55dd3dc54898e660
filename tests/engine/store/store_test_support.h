#pragma once

// Shared helpers for the store tests: realistic candidates, hand-made files, byte snapshots.

#include "core/architecture.h"
#include "core/architecture_json.h"
#include "core/candidate.h"
#include "core/canonical_form.h"
#include "store/architecture_codec.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace store_test {

/// A candidate like the engine produces: hash, genome, architecture JSON of about `jsonBytes`,
/// four metrics of mixed provenance.
inline edgenas::core::Candidate makeCandidate(int index, int generation = 0, std::size_t jsonBytes = 400) {
    using edgenas::core::Metric;
    using edgenas::core::Provenance;
    edgenas::core::Candidate candidate;
    candidate.generation = generation;
    candidate.hash = "h" + std::to_string(index);
    candidate.genome = "g" + std::to_string(index % 7) + "-" + std::to_string(index);
    std::string json = R"({"input":[1,28,28],"nodes":[)";
    for (int node = 0; json.size() + 80 < jsonBytes; ++node)
        json += R"({"id":)" + std::to_string(node) + R"(,"op":"conv","out":)" + std::to_string(8 + index % 5) +
                R"(,"k":3},)";
    json += R"({"id":-1,"op":"linear"}]})";
    candidate.architectureJson = json;
    candidate.metrics = {
        Metric{.name = "accuracy", .value = 0.5 + 0.001 * index, .unit = "", .provenance = Provenance::Trained},
        Metric{.name = "latency_ms", .value = 1.0 + index % 13, .unit = "ms", .provenance = Provenance::Measured},
        Metric{.name = "macs", .value = 1e6 + index, .unit = "MACs", .provenance = Provenance::Counted},
        Metric{.name = "energy_mj", .value = 0.25 * index, .unit = "mJ", .provenance = Provenance::Modelled},
    };
    return candidate;
}

inline std::vector<edgenas::core::Candidate> makeCandidates(int count, int generation, int firstIndex = 0) {
    std::vector<edgenas::core::Candidate> candidates;
    for (int i = 0; i < count; ++i)
        candidates.push_back(makeCandidate(firstIndex + i, generation));
    return candidates;
}

/// The config of a run of the toy space below.
inline const std::string kToyConfig = R"({"space":{"name":"toy"}})";

/// A real network for a toy genome "<width>": conv of that width, pool, classifier. `labelled`
/// adds a node label: the same network (hash) written differently.
inline edgenas::core::Architecture toyArchitecture(const std::string& genome, bool labelled = false) {
    using namespace edgenas::core;
    Architecture arch;
    arch.add(Node{.op = OpType::Input});
    arch.add(Node{.op = OpType::Conv, .inputs = {0}, .outChannels = std::stoi(genome), .kernel = 3, .padding = 1,
                  .label = labelled ? "stem" : ""});
    arch.add(Node{.op = OpType::GlobalAvgPool, .inputs = {1}});
    arch.add(Node{.op = OpType::Linear, .inputs = {2}, .outChannels = 10});
    arch.metadata["genome"] = genome;
    return arch;
}

/// Stands in for the search's codec: knows the toy space of kToyConfig only. `widthOffset`
/// decodes genomes to other widths (a space whose decoding changed); `labelled` writes the same
/// networks with labels (a codec that does not reproduce the search's text); `rejected` is a
/// genome it cannot decode.
class ToyCodec : public edgenas::store::ArchitectureCodec {
public:
    explicit ToyCodec(int widthOffset = 0, bool labelled = false, std::string rejected = {})
        : m_offset(widthOffset), m_labelled(labelled), m_rejected(std::move(rejected)) {}
    std::optional<std::string> architectureJson(std::string_view config, std::string_view genome) const override {
        ++calls;
        if (config != kToyConfig || genome.empty() || genome.find_first_not_of("0123456789") != std::string::npos ||
            genome == m_rejected)
            return std::nullopt;
        const int width = std::stoi(std::string(genome)) + m_offset;
        auto arch = toyArchitecture(std::to_string(width), m_labelled);
        arch.metadata["genome"] = std::string(genome);
        return edgenas::core::toJson(arch, -1);
    }
    mutable std::atomic<int> calls{0};  ///< readers call from several threads

private:
    int m_offset;
    bool m_labelled;
    std::string m_rejected;  ///< a genome it fails on, as if it did not fit the space
};

/// A candidate of the toy space as the search makes it: genome, hash and JSON that agree.
inline edgenas::core::Candidate toyCandidate(int width, int generation = 0) {
    edgenas::core::Candidate candidate = makeCandidate(width, generation);
    candidate.genome = std::to_string(width);
    const edgenas::core::Architecture arch = toyArchitecture(candidate.genome);
    candidate.hash = edgenas::core::canonicalHash(arch);
    candidate.architectureJson = edgenas::core::toJson(arch, -1);
    return candidate;
}

/// What a file looks like from outside: its bytes and modification time.
struct FileImage {
    QByteArray bytes;
    std::filesystem::file_time_type modified;
    friend bool operator==(const FileImage&, const FileImage&) = default;
};

inline FileImage imageOf(const std::string& path) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot read " + path);
    return {file.readAll(), std::filesystem::last_write_time(path)};
}

inline void writeBytes(const std::string& path, const QByteArray& bytes) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        throw std::runtime_error("cannot write " + path);
}

/// A raw SQLite connection for making files by hand, as an old or a future EdgeNAS would.
class RawDatabase {
public:
    explicit RawDatabase(const std::string& path) {
        if (sqlite3_open(path.c_str(), &m_db) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
    }
    ~RawDatabase() { sqlite3_close(m_db); }
    RawDatabase(const RawDatabase&) = delete;
    RawDatabase& operator=(const RawDatabase&) = delete;

    void exec(const std::string& sql) {
        char* error = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string message = error ? error : "?";
            sqlite3_free(error);
            throw std::runtime_error(message + " in: " + sql.substr(0, 120));
        }
    }
    std::int64_t integer(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK)
            throw std::runtime_error(sqlite3_errmsg(m_db));
        std::int64_t value = -1;
        if (sqlite3_step(statement) == SQLITE_ROW)
            value = sqlite3_column_int64(statement, 0);
        sqlite3_finalize(statement);
        return value;
    }

private:
    sqlite3* m_db = nullptr;
};

} // namespace store_test

namespace store_test {

/// The message of the exception of type E that `action` throws, or "<no exception>". Any other
/// exception type escapes, which fails the test with its own message.
template <typename E, typename F>
std::string messageOf(F&& action) {
    try {
        action();
    } catch (const E& error) {
        return error.what();
    }
    return "<no exception>";
}

} // namespace store_test
