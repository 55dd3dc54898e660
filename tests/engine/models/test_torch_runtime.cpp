#include "models/torch_runtime.h"

#include <QtTest>

#include <thread>

using namespace edgenas;

class TestTorchRuntime : public QObject {
    Q_OBJECT
private slots:
    void threadCount_data();
    void threadCount();
    void threadCountReachesOtherThreads();
    void version();
    void blas();
};

void TestTorchRuntime::threadCount_data() {
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("expected");
    const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
    QTest::newRow("one") << 1 << 1;
    QTest::newRow("two") << 2 << 2;
    QTest::newRow("0 = hardware") << 0 << hardware;
    QTest::newRow("-1 = hardware") << -1 << hardware;
}

void TestTorchRuntime::threadCount() {
    QFETCH(int, requested);
    QFETCH(int, expected);
    models::setThreadCount(requested);
    QCOMPARE(models::threadCount(), expected);
}

void TestTorchRuntime::threadCountReachesOtherThreads() {
    models::setThreadCount(2);
    int seen = 0;
    std::thread worker([&] {
        models::adoptThreadCount();
        seen = models::threadCount();
    });
    worker.join();
    QCOMPARE(seen, 2);
}

void TestTorchRuntime::version() {
    const std::string v = models::torchVersion();
    QVERIFY2(v.size() >= 5 && std::isdigit(static_cast<unsigned char>(v[0])) && v.find('.') != std::string::npos,
             v.c_str());
}

void TestTorchRuntime::blas() {
    const std::string blas = models::blasLibrary();
    qInfo("BLAS: %s", blas.c_str());
    QVERIFY2(blas.find('/') != std::string::npos, blas.c_str());  // names the resolved file
    QCOMPARE(models::usingReferenceBlas(), blas.rfind("reference BLAS", 0) == 0);
    QCOMPARE(models::blasLibrary(), blas);  // stable: the loaded library cannot change
}

QTEST_APPLESS_MAIN(TestTorchRuntime)
#include "test_torch_runtime.moc"
