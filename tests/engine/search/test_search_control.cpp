#include "search/search_control.h"

#include <QtTest/QtTest>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

using namespace edgenas;
using namespace std::chrono_literals;

// The GUI thread calls the control while the engine thread waits on it.
class TestSearchControl : public QObject {
    Q_OBJECT
private slots:
    void notPausedDoesNotBlock() {
        search::SearchControl control;
        QVERIFY(control.waitWhilePaused());
    }

    void pauseBlocksResumeReleases() {
        search::SearchControl control;
        control.pause();
        std::atomic<bool> returned{false};
        auto engine = std::async(std::launch::async, [&] {
            const bool go = control.waitWhilePaused();
            returned.store(true);
            return go;
        });
        std::this_thread::sleep_for(150ms);
        QVERIFY(!returned.load());
        control.resume();
        QCOMPARE(engine.wait_for(5s), std::future_status::ready);
        QVERIFY(engine.get());
        QVERIFY(!control.paused());
    }

    void stopWinsOverPause() {
        search::SearchControl control;
        control.pause();
        auto engine = std::async(std::launch::async, [&] { return control.waitWhilePaused(); });
        std::this_thread::sleep_for(100ms);
        QCOMPARE(engine.wait_for(0ms), std::future_status::timeout);
        control.requestStop();
        QCOMPARE(engine.wait_for(5s), std::future_status::ready);
        QVERIFY(!engine.get());
        // A resume after the stop does not undo it.
        control.resume();
        QVERIFY(control.stopRequested());
        QVERIFY(!control.waitWhilePaused());
    }

    void actionsArriveInOrderFromAnotherThread() {
        search::SearchControl control;
        std::thread gui([&] {
            control.setConstraint("latency", 5.0);
            control.clearConstraint("latency");
            control.setObjectives({"accuracy", "params"});
        });
        gui.join();
        const auto actions = control.takeActions();
        QCOMPARE(actions.size(), std::size_t(3));
        QCOMPARE(int(actions[0].kind), int(search::SteeringAction::Kind::SetConstraint));
        QCOMPARE(actions[0].value, 5.0);
        QCOMPARE(int(actions[1].kind), int(search::SteeringAction::Kind::ClearConstraint));
        QCOMPARE(int(actions[2].kind), int(search::SteeringAction::Kind::SetObjectives));
        QVERIFY(control.takeActions().empty());
    }
};

QTEST_GUILESS_MAIN(TestSearchControl)
#include "test_search_control.moc"
