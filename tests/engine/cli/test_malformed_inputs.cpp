// The malformed-input corpus (tests/data/malformed/) run through the real edgenas binary: every
// case exits with its code and names the problem, never crashes, and leaves its folder untouched.

#include "folder_snapshot.h"
#include "store/run_writer_lock.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

namespace {

const QString kCorpus = QStringLiteral(EDGENAS_TEST_DATA_DIR "/malformed");
constexpr int kTimeLimitMs = 90'000;  // the SQLite-lock case waits out the 10 s busy timeout

QJsonArray loadCases() {
    QFile file(kCorpus + "/cases.json");
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("%s: %s", qPrintable(file.fileName()), qPrintable(error.errorString()));
    return doc.object()["cases"].toArray();
}

// Holds an exclusive SQLite lock on a database, as another program writing it would: in a child
// process (this binary with --hold-sqlite-lock), since POSIX drops a process's locks on a file
// when it closes any descriptor of it, and the snapshots here read the file.
int holdSqliteLock(const char* path) {
    sqlite3* db = nullptr;
    char* error = nullptr;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK ||
        sqlite3_exec(db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM runs;", nullptr,
                     nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "cannot lock %s: %s\n", path, error ? error : sqlite3_errmsg(db));
        return 1;
    }
    std::printf("locked\n");
    std::fflush(stdout);
    while (std::getchar() != EOF) {  // until the test closes our input or ends us
    }
    sqlite3_close(db);
    return 0;
}

class SqliteLock {
public:
    explicit SqliteLock(const QString& path) {
        m_holder.start(QCoreApplication::applicationFilePath(), {"--hold-sqlite-lock", path});
        while (m_holder.waitForReadyRead(10'000) && !m_holder.canReadLine()) {
        }
        m_locked = m_holder.readLine().trimmed() == "locked";
    }
    ~SqliteLock() {
        m_holder.closeWriteChannel();
        if (!m_holder.waitForFinished(5'000))
            m_holder.kill();
        m_holder.waitForFinished();
    }
    bool locked() const { return m_locked; }

private:
    QProcess m_holder;
    bool m_locked = false;
};

// What a case's "prepare" steps hold while edgenas runs; released when the case ends.
struct Prepared {
    std::optional<edgenas::store::RunWriterLock> writer;
    std::unique_ptr<SqliteLock> sqliteLock;
    QStringList madeReadOnly;

    ~Prepared() {
        for (const QString& path : madeReadOnly)  // so the temporary folder can be removed
            QFile::setPermissions(path, QFile::permissions(path) | QFile::WriteOwner);
    }
};

} // namespace

class TestMalformedInputs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void corpusIsLargeEnough();
    void caseFailsCleanly_data();
    void caseFailsCleanly();

private:
    bool prepare(const QJsonArray& steps, const QString& folder, Prepared& held);

    QTemporaryDir m_work;
    QString m_database;  // current schema, one finished run (id 1)
};

void TestMalformedInputs::initTestCase() {
    QVERIFY(m_work.isValid());
    m_database = m_work.filePath("base/run.sqlite");
    QVERIFY(QDir().mkpath(m_work.filePath("base")));
    QProcess search;
    search.start(EDGENAS_CLI_PATH, {"search", "--objectives", "macs,params", "--budget", "2", "--population", "2",
                                    "--channels", "4", "--cells", "1", "--db", m_database});
    QVERIFY(search.waitForFinished(kTimeLimitMs));
    QVERIFY2(search.exitCode() == 0, search.readAllStandardError().constData());
}

void TestMalformedInputs::corpusIsLargeEnough() {
    const QJsonArray cases = loadCases();
    QVERIFY2(cases.size() >= 60, qPrintable(QString::number(cases.size())));
    QSet<QString> names;
    for (const auto& c : cases)
        names.insert(c.toObject()["name"].toString());
    QCOMPARE(names.size(), cases.size());  // a row's name identifies its case
}

bool TestMalformedInputs::prepare(const QJsonArray& steps, const QString& folder, Prepared& held) {
    for (const auto& value : steps) {
        const QJsonObject step = value.toObject();
        if (step.contains("database")) {
            if (!QFile::copy(m_database, folder + "/" + step["database"].toString()))
                return false;
        } else if (step.contains("read-only")) {
            const QString path = folder + "/" + step["read-only"].toString();
            const auto writable = QFile::WriteOwner | QFile::WriteUser | QFile::WriteGroup | QFile::WriteOther;
            if (!QFile::setPermissions(path, QFile::permissions(path) & ~writable))
                return false;
            held.madeReadOnly << path;
        } else if (step.contains("huge")) {
            QFile file(folder + "/" + step["huge"].toString());
            if (!file.open(QIODevice::WriteOnly) || file.write(step["start"].toString().toUtf8()) < 0 ||
                !file.resize(static_cast<qint64>(step["bytes"].toDouble())))  // sparse: no disk used
                return false;
        } else if (step.contains("writer")) {
            held.writer = edgenas::store::RunWriterLock::acquire(
                (folder + "/" + step["writer"].toString()).toStdString(), step["run"].toInt());
        } else if (step.contains("sql")) {
            sqlite3* db = nullptr;
            const QByteArray path = (folder + "/" + step["sql"].toString()).toUtf8();
            const bool done = sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
                              sqlite3_exec(db, step["statement"].toString().toUtf8().constData(), nullptr, nullptr,
                                           nullptr) == SQLITE_OK;
            sqlite3_close(db);
            if (!done)
                return false;
        } else if (step.contains("sqlite-lock")) {
            held.sqliteLock = std::make_unique<SqliteLock>(folder + "/" + step["sqlite-lock"].toString());
            if (!held.sqliteLock->locked())
                return false;
        } else {
            qWarning("unknown prepare step %s", QJsonDocument(step).toJson(QJsonDocument::Compact).constData());
            return false;
        }
    }
    return true;
}

void TestMalformedInputs::caseFailsCleanly_data() {
    QTest::addColumn<QJsonObject>("testCase");
    for (const auto& c : loadCases()) {
        const QJsonObject object = c.toObject();
        QTest::newRow(qPrintable(object["name"].toString())) << object;
    }
}

void TestMalformedInputs::caseFailsCleanly() {
    QFETCH(QJsonObject, testCase);
    QTemporaryDir folder(m_work.filePath("case-XXXXXX"));
    QVERIFY(folder.isValid());
    QVERIFY(edgenas::test::copyTree(kCorpus + "/inputs", folder.path()));
    Prepared held;
    QVERIFY2(prepare(testCase["prepare"].toArray(), folder.path(), held), "a prepare step failed");

    QStringList arguments;
    for (const auto& a : testCase["args"].toArray())
        arguments << a.toString();
    const QMap<QString, QString> before = edgenas::test::folderSnapshot(folder.path());

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("OMP_NUM_THREADS", "1");
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(folder.path());
    process.start(EDGENAS_CLI_PATH, arguments);
    if (!process.waitForFinished(kTimeLimitMs)) {
        process.kill();
        process.waitForFinished();
        QFAIL(qPrintable("did not finish within the time limit: edgenas " + arguments.join(' ')));
    }
    const QString err = QString::fromUtf8(process.readAllStandardError());
    const QString context = "edgenas " + arguments.join(' ') + "\nstderr: " + err;

    QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable("killed by a signal: " + context));
    for (const char* crash : {"terminate called", "Assertion", "Exception raised from", "backtrace",
                              "Segmentation fault", "core dumped", "runtime error:"})
        QVERIFY2(!err.contains(crash), qPrintable(context));
    QVERIFY2(process.exitCode() == testCase["exit"].toInt(),
             qPrintable(QString("exit %1, expected %2: ").arg(process.exitCode()).arg(testCase["exit"].toInt()) +
                        context));
    QVERIFY2(err.contains(testCase["stderr"].toString()),
             qPrintable("stderr lacks \"" + testCase["stderr"].toString() + "\": " + context));

    const QString changes = edgenas::test::snapshotChanges(before, edgenas::test::folderSnapshot(folder.path()));
    QVERIFY2(changes.isEmpty(), qPrintable(changes + "\n" + context));
}

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--hold-sqlite-lock") == 0)
        return holdSqliteLock(argv[2]);
    QCoreApplication app(argc, argv);
    TestMalformedInputs test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_malformed_inputs.moc"
