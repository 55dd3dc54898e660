#pragma once

// Tests that need something a developer's machine may lack (Fashion-MNIST, python3-torch, ...)
// skip when it is missing, so the rest of the suite still runs there. Where everything is meant
// to be installed (packaging/test.sh installs it; .ci/run sets EDGENAS_REQUIRE_DATA=1) a missing
// requirement fails instead: a skipped test would otherwise pass while proving nothing.

#include <QtTest/QtTest>

#include <cstdlib>
#include <cstring>

namespace edgenas::test {

/// True when EDGENAS_REQUIRE_DATA is set to anything but "" or "0".
inline bool requirementsEnforced() {
    const char* value = std::getenv("EDGENAS_REQUIRE_DATA");
    return value && *value && std::strcmp(value, "0") != 0;
}

} // namespace edgenas::test

/// In a test function: skips with `reason` (a C string), or fails with it under
/// EDGENAS_REQUIRE_DATA=1. Returns from the calling function either way, like QSKIP and QFAIL.
#define EDGENAS_SKIP_OR_FAIL(reason)                                                                  \
    do {                                                                                              \
        if (::edgenas::test::requirementsEnforced())                                                  \
            QFAIL(qPrintable(QStringLiteral("required (EDGENAS_REQUIRE_DATA=1) but missing: %1")      \
                                 .arg(QString::fromUtf8(reason))));                                   \
        QSKIP(reason);                                                                                \
    } while (false)
