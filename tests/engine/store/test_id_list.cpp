#include "store/id_list.h"

#include <QtTest>

#include <limits>

using namespace edgenas::store;

using Ids = std::vector<std::int64_t>;
Q_DECLARE_METATYPE(Ids)

class TestIdList : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void parsesLenientWhitespace();
    void rejectsMalformed_data();
    void rejectsMalformed();
};

void TestIdList::roundTrip_data() {
    QTest::addColumn<Ids>("ids");
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << Ids{} << "[]";
    QTest::newRow("one") << Ids{7} << "[7]";
    QTest::newRow("several") << Ids{1, 22, 333} << "[1,22,333]";
    QTest::newRow("extremes") << Ids{std::numeric_limits<std::int64_t>::max(), -1}
                              << "[9223372036854775807,-1]";
}

void TestIdList::roundTrip() {
    QFETCH(Ids, ids);
    QFETCH(QString, text);
    std::string out = "prefix";
    appendIdList(out, ids);
    QCOMPARE(QString::fromStdString(out), "prefix" + text);
    QCOMPARE(parseIdList(text.toStdString()).value(), ids);
}

void TestIdList::parsesLenientWhitespace() {
    // JSON written by hand or by another tool is still accepted.
    QCOMPARE(parseIdList(" [ 1 ,\n 2 ]\n").value(), (Ids{1, 2}));
    QCOMPARE(parseIdList("[ ]").value(), Ids{});
}

void TestIdList::rejectsMalformed_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << "";
    QTest::newRow("no brackets") << "1,2";
    QTest::newRow("unterminated") << "[1,2";
    QTest::newRow("trailing comma") << "[1,]";
    QTest::newRow("not a number") << "[a]";
    QTest::newRow("fraction") << "[1.5]";
    QTest::newRow("trailing text") << "[1] x";
    QTest::newRow("too large") << "[99999999999999999999]";
}

void TestIdList::rejectsMalformed() {
    QFETCH(QString, text);
    QVERIFY(!parseIdList(text.toStdString()));
}

QTEST_APPLESS_MAIN(TestIdList)
#include "test_id_list.moc"
