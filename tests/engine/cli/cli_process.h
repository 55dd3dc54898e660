#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QtGlobal>

namespace edgenas::cli::test {

/// What one run of the edgenas binary under test printed and returned.
struct CliResult {
    int exitCode = -1;  ///< -1 when the process crashed
    QByteArray out;
    QByteArray err;
};

/// Runs the edgenas binary the test was built against (EDGENAS_CLI_PATH) to the end, in
/// `environment`. A run past the time limit ends the test program, naming the command.
inline CliResult runEdgenas(const QStringList& arguments,
                            const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(EDGENAS_CLI_PATH, arguments);
    if (!process.waitForFinished(280000))
        qFatal("edgenas did not finish: %s", qPrintable(arguments.join(' ')));
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

} // namespace edgenas::cli::test
