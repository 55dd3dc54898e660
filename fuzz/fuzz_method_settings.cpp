// Fuzzes the methods' settings parsers (the "settings" block of a run config) and GRAM's and
// HADAS's stored run records (read back from a database that may be damaged) with the same text.
// Bad input must end in core::InputError; accepted evrsnas settings and GRAM and HADAS records
// must survive their JSON round trip (nsga2 and gram settings have no writer).
#include "search/evrsnas/evrsnas_settings.h"
#include "search/gram/gram_records.h"
#include "search/gram/gram_settings.h"
#include "search/hadas/hadas_records.h"
#include "search/nsga2/nsga2_settings.h"

#include "rejection.h"

#include "core/errors.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace edgenas;
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        search::nsga2SettingsFromJson(text);
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
    }
    try {
        search::gramSettingsFromJson(text);
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
    }
    try {
        const std::string stored = search::toJson(search::gramSweepRecordFromJson(text));
        if (search::toJson(search::gramSweepRecordFromJson(stored)) != stored) {
            std::fprintf(stderr, "a gram sweep record changed in a round trip:\n%s\n", stored.c_str());
            std::abort();
        }
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
    }
    try {
        const std::string stored = search::toJson(search::gramPruningRecordFromJson(text));
        if (search::toJson(search::gramPruningRecordFromJson(stored)) != stored) {
            std::fprintf(stderr, "a gram pruning record changed in a round trip:\n%s\n", stored.c_str());
            std::abort();
        }
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
    }
    try {
        const std::string stored = search::toJson(search::hadasBackboneRecordFromJson(text));
        if (search::toJson(search::hadasBackboneRecordFromJson(stored)) != stored) {
            std::fprintf(stderr, "a hadas backbone record changed in a round trip:\n%s\n", stored.c_str());
            std::abort();
        }
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
    }
    try {
        const std::string stored = search::toJson(search::hadasDynamicRecordFromJson(text));
        if (search::toJson(search::hadasDynamicRecordFromJson(stored)) != stored) {
            std::fprintf(stderr, "a hadas dynamic record changed in a round trip:\n%s\n", stored.c_str());
            std::abort();
        }
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
    }
    search::EvrsnasSettings settings;
    try {
        settings = search::evrsnasSettingsFromJson(text);
    } catch (const core::InputError& error) {
        fuzz::explainRejection(error);
        return 0;
    }
    const std::string stored = search::toJson(settings);
    const std::string reread = search::toJson(search::evrsnasSettingsFromJson(stored));
    if (reread != stored) {
        std::fprintf(stderr, "evrsnas settings changed in a round trip:\n%s\nbecame\n%s\n", stored.c_str(),
                     reread.c_str());
        std::abort();
    }
    return 0;
}
