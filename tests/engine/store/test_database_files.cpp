#include "core/errors.h"
#include "store/run_reader.h"
#include "store/run_store.h"
#include "store/store_error.h"
#include "store_test_support.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace edgenas;
using namespace edgenas::store;
using namespace store_test;
namespace fs = std::filesystem;

// How to spoil a file, applied to a freshly written valid run database.
enum class Damage { RandomBytes, TextFile, TruncatedMiddle, TruncatedAtPage, TruncatedHeader, GarbageAfterHeader,
                    ForeignDatabase };
Q_DECLARE_METATYPE(Damage)

namespace {
// From the SQLite file header: big-endian at offset 16.
// Whether some other process holds a lock on SQLite's shared-lock byte range of the file (what a
// connection keeps in WAL mode for its whole life). Asked from a forked child, because POSIX
// F_GETLK never reports the caller's own locks; the child makes no SQLite calls.
bool lockedByParent(const std::string& path) {
    const pid_t child = fork();
    if (child == 0) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        struct flock query {};
        query.l_type = F_WRLCK;
        query.l_whence = SEEK_SET;
        query.l_start = 0x40000002;  // SQLite's SHARED_FIRST
        query.l_len = 510;           // SHARED_SIZE
        const bool locked = fd >= 0 && fcntl(fd, F_GETLK, &query) == 0 && query.l_type != F_UNLCK;
        _exit(locked ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int pageSizeOf(const QByteArray& bytes) {
    return (static_cast<unsigned char>(bytes.at(16)) << 8) | static_cast<unsigned char>(bytes.at(17));
}
} // namespace

class TestDatabaseFiles : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void damagedFileIsRefusedUntouched_data();
    void damagedFileIsRefusedUntouched();
    void scribbledPageIsFoundByTheIntegrityCheck();
    void readOnlyFileRefusesWriterButReads();
    void readOnlyFolder_data();
    void readOnlyFolder();
    void missingFolderIsNamed();
    void emptyFileBecomesADatabase();
    void directoryIsRefused();
    void openingReadersKeepsTheWritersLock();

private:
    std::string dbPath() const { return (m_dir->path() + "/runs.edgenas").toStdString(); }
    void writeValidDatabase(const std::string& path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDatabaseFiles::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestDatabaseFiles::cleanup() {
    // Give write access back so the temporary folder can be removed.
    fs::permissions(m_dir->path().toStdString(), fs::perms::owner_all, fs::perm_options::add);
    if (fs::exists(dbPath()))
        fs::permissions(dbPath(), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
    m_dir.reset();
}

void TestDatabaseFiles::writeValidDatabase(const std::string& path) {
    RunStore store = RunStore::open(path);
    const std::int64_t run = store.createRun(RunRecord{.name = "valid", .method = "nsga2"});
    for (int g = 0; g < 4; ++g)
        store.commitGeneration(run, GenerationRecord{.generation = g}, makeCandidates(30, g, 30 * g));
    store.logEvent(EventRecord{.runId = run, .message = "done"});
}  // closing the last connection checkpoints the WAL into the file and removes it

void TestDatabaseFiles::damagedFileIsRefusedUntouched_data() {
    QTest::addColumn<Damage>("damage");
    QTest::addColumn<QString>("phrase");
    const QString notOurs = QStringLiteral("is not an EdgeNAS run database");
    const QString damaged = QStringLiteral("is damaged");
    QTest::newRow("random bytes") << Damage::RandomBytes << notOurs;
    QTest::newRow("text file") << Damage::TextFile << notOurs;
    QTest::newRow("truncated in the middle") << Damage::TruncatedMiddle << damaged;
    QTest::newRow("truncated at a page boundary") << Damage::TruncatedAtPage << damaged;
    QTest::newRow("truncated inside the header") << Damage::TruncatedHeader << damaged;
    QTest::newRow("garbage after a valid header") << Damage::GarbageAfterHeader << QString();  // either wording
    QTest::newRow("another program's database") << Damage::ForeignDatabase << notOurs;
}

void TestDatabaseFiles::damagedFileIsRefusedUntouched() {
    QFETCH(Damage, damage);
    QFETCH(QString, phrase);
    const std::string path = dbPath();
    auto noise = [](qsizetype size) {
        QByteArray bytes(size, Qt::Uninitialized);
        QRandomGenerator random(7);
        for (char& byte : bytes)
            byte = char(random.bounded(256));
        return bytes;
    };

    if (damage == Damage::ForeignDatabase) {
        RawDatabase raw(path);
        raw.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'hi')");
    } else if (damage == Damage::RandomBytes) {
        writeBytes(path, noise(16384));
    } else if (damage == Damage::TextFile) {
        writeBytes(path, QByteArray("run,accuracy,latency_ms\n1,0.91,3.2\n2,0.88,2.9\n").repeated(50));
    } else {
        writeValidDatabase(path);
        QByteArray bytes = imageOf(path).bytes;
        const int pageSize = pageSizeOf(bytes);
        QVERIFY(bytes.size() > 8 * pageSize);
        if (damage == Damage::TruncatedMiddle)
            bytes.truncate(bytes.size() / 2 + 1234);
        else if (damage == Damage::TruncatedAtPage)
            bytes.truncate(4 * pageSize);
        else if (damage == Damage::TruncatedHeader)
            bytes.truncate(60);
        else if (damage == Damage::GarbageAfterHeader)
            bytes = bytes.left(100) + noise(bytes.size() - 100);  // same size: only SQLite can tell
        writeBytes(path, bytes);
    }
    const FileImage before = imageOf(path);

    const std::string writerMessage = messageOf<core::InputError>([&] { RunStore::open(path); });
    const std::string readerMessage = messageOf<core::InputError>([&] {
        RunReader reader = RunReader::open(path);
        for (const RunSummary& summary : reader.listRuns())  // damage may only show when read
            reader.candidates(summary.run.id);
    });
    qInfo("writer: %s\nreader: %s", writerMessage.c_str(), readerMessage.c_str());
    for (const std::string& message : {writerMessage, readerMessage}) {
        QVERIFY2(message.rfind(path, 0) == 0, message.c_str());  // names the file first
        if (phrase.isEmpty())
            QVERIFY2(message.find("is damaged") != std::string::npos ||
                         message.find("is not an EdgeNAS run database") != std::string::npos,
                     message.c_str());
        else
            QVERIFY2(message.find(phrase.toStdString()) != std::string::npos, message.c_str());
    }
    QVERIFY(imageOf(path) == before);
    QVERIFY(!fs::exists(path + "-wal"));
}

void TestDatabaseFiles::scribbledPageIsFoundByTheIntegrityCheck() {
    // Damage inside the file that the header cannot reveal: opening stays cheap and succeeds;
    // the full check (or the first read of the page) reports it.
    const std::string path = dbPath();
    writeValidDatabase(path);
    QByteArray bytes = imageOf(path).bytes;
    const int pageSize = pageSizeOf(bytes);
    // The page holding candidate 60's row (its genome is "g4-60"), so reading the run must hit it.
    const qsizetype at = bytes.indexOf("g4-60");
    QVERIFY(at > 0);
    const qsizetype page = at / pageSize;
    bytes.replace(page * pageSize, pageSize, QByteArray(pageSize, char(0xAB)));
    writeBytes(path, bytes);
    const FileImage before = imageOf(path);

    RunReader reader = RunReader::open(path);
    const std::string message = messageOf<core::InputError>([&] { reader.verifyIntegrity(); });
    QVERIFY2(message.rfind(path + " is damaged", 0) == 0, message.c_str());
    const std::string readMessage = messageOf<core::InputError>([&] {
        for (const RunSummary& summary : reader.listRuns())
            reader.candidates(summary.run.id);
    });
    QVERIFY2(readMessage.rfind(path + " is damaged", 0) == 0, readMessage.c_str());
    QVERIFY(imageOf(path) == before);
}

void TestDatabaseFiles::readOnlyFileRefusesWriterButReads() {
    const std::string path = dbPath();
    writeValidDatabase(path);
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const FileImage before = imageOf(path);
    try {
        RunStore::open(path);
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::ReadOnly);
        QVERIFY2(std::string(error.what()).find("cannot write to " + path) == 0, error.what());
        QVERIFY2(std::string(error.what()).find("read-only") != std::string::npos, error.what());
    }
    RunReader reader = RunReader::open(path);
    QCOMPARE(reader.listRuns().size(), std::size_t(1));
    QCOMPARE(reader.candidates(1).size(), std::size_t(120));
    reader.verifyIntegrity();
    QVERIFY(imageOf(path) == before);
}

void TestDatabaseFiles::readOnlyFolder_data() {
    QTest::addColumn<bool>("existing");
    QTest::newRow("new file") << false;
    QTest::newRow("existing file") << true;
}

void TestDatabaseFiles::readOnlyFolder() {
    QFETCH(bool, existing);
    const std::string path = dbPath();
    if (existing)
        writeValidDatabase(path);
    fs::permissions(m_dir->path().toStdString(), fs::perms::owner_read | fs::perms::owner_exec |
                                                     fs::perms::group_read | fs::perms::group_exec);
    try {
        RunStore::open(path);
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::ReadOnly);
        const std::string message = error.what();
        QVERIFY2(message.find(path) != std::string::npos && message.find("is read-only") != std::string::npos,
                 error.what());
    }
    QCOMPARE(fs::exists(path), existing);
    if (existing)
        QCOMPARE(RunReader::open(path).listRuns().size(), std::size_t(1));
}

void TestDatabaseFiles::missingFolderIsNamed() {
    const std::string path = (m_dir->path() + "/no/such/folder/runs.edgenas").toStdString();
    try {
        RunStore::open(path);
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::NotFound);
        QVERIFY2(std::string(error.what()).find("does not exist") != std::string::npos, error.what());
    }
    try {
        RunReader::open(path);
        QFAIL("no exception");
    } catch (const StoreError& error) {
        QCOMPARE(error.reason(), StoreError::Reason::NotFound);
        QVERIFY2(std::string(error.what()).find(path) != std::string::npos, error.what());
    }
}

void TestDatabaseFiles::emptyFileBecomesADatabase() {
    // A file made with `touch` is a new database to SQLite, and to us.
    const std::string path = dbPath();
    writeBytes(path, {});
    QVERIFY_THROWS_EXCEPTION(core::InputError, RunReader::open(path));
    RunStore::open(path).createRun(RunRecord{.method = "nsga2"});
    QCOMPARE(RunReader::open(path).listRuns().size(), std::size_t(1));
}

void TestDatabaseFiles::directoryIsRefused() {
    const std::string path = (m_dir->path() + "/folder.edgenas").toStdString();
    fs::create_directory(path);
    QVERIFY(messageOf<core::InputError>([&] { RunStore::open(path); }).find("is not an EdgeNAS run database") !=
            std::string::npos);
    QVERIFY(messageOf<core::InputError>([&] { RunReader::open(path); }).find("not a regular file") !=
            std::string::npos);
}

// The workbench and the runner open readers (which first look at the file's header) while a
// writer of the same process is open. Were the header read through a descriptor of our own, its
// close would drop the writer's locks, and another process closing its connection would think the
// database unused and delete the live -wal under the writer.
void TestDatabaseFiles::openingReadersKeepsTheWritersLock() {
    const std::string path = dbPath();
    RunStore store = RunStore::open(path);
    const std::int64_t run = store.createRun(RunRecord{.name = "live", .method = "nsga2"});
    store.commitGeneration(run, GenerationRecord{.generation = 0}, makeCandidates(10, 0, 0));
    QVERIFY2(lockedByParent(path), "the writer should hold its shared lock");

    for (int i = 0; i < 3; ++i) {
        RunReader reader = RunReader::open(path);
        QCOMPARE(reader.candidates(run).size(), std::size_t(10 * (i + 1)));
        store.commitGeneration(run, GenerationRecord{.generation = i + 1}, makeCandidates(10, i + 1, 10 * (i + 1)));
    }
    QVERIFY2(lockedByParent(path), "opening and closing readers dropped the writer's lock");
    QVERIFY(fs::exists(path + "-wal"));
}

QTEST_APPLESS_MAIN(TestDatabaseFiles)
#include "test_database_files.moc"
