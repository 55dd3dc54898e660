#include "proxies/linear_cka.h"

#include "core/errors.h"

#include <torch/torch.h>

#include <QtTest>

using namespace edgenas;

class TestLinearCka : public QObject {
    Q_OBJECT

private slots:
    void init() { torch::manual_seed(7); }

    void identicalFeaturesGiveOne_data() {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("size");
        QTest::newRow("conv features") << 32 << 8 << 5;
        QTest::newRow("vectors") << 16 << 40 << 1;
        QTest::newRow("n = 2") << 2 << 3 << 2;
    }
    void identicalFeaturesGiveOne() {
        QFETCH(int, n);
        QFETCH(int, channels);
        QFETCH(int, size);
        const torch::Tensor x = torch::randn({n, channels, size, size});
        QVERIFY(std::abs(proxies::linearCka(x, x) - 1.0) < 1e-12);
    }

    void invariantToOrthogonalTransformAndScaling() {
        const torch::Tensor x = torch::randn({48, 24});
        const torch::Tensor y = torch::randn({48, 6, 3, 3});
        // A random orthogonal matrix from the QR decomposition of a Gaussian one.
        const torch::Tensor q = std::get<0>(torch::linalg::qr(torch::randn({24, 24}, torch::kFloat64)));
        const torch::Tensor rotated = x.to(torch::kFloat64).matmul(q);
        const double base = proxies::linearCka(x, y);
        QVERIFY(base > 0.0 && base < 1.0);
        QVERIFY(std::abs(proxies::linearCka(rotated, y) - base) < 1e-6);
        QVERIFY(std::abs(proxies::linearCka(x * 37.5, y) - base) < 1e-6);
        QVERIFY(std::abs(proxies::linearCka(x, y * 1e-3) - base) < 1e-6);
        QVERIFY(std::abs(proxies::linearCka(rotated * 0.01, x) - 1.0) < 1e-6);
    }

    void isSymmetricAndBounded() {
        for (int i = 0; i < 5; ++i) {
            const torch::Tensor a = torch::randn({20, 7});
            const torch::Tensor b = torch::randn({20, 3, 2, 2});
            const double ab = proxies::linearCka(a, b);
            QVERIFY(std::abs(ab - proxies::linearCka(b, a)) < 1e-12);
            QVERIFY(ab >= 0.0 && ab <= 1.0);
        }
    }

    // Centring matters: features that differ only by a constant offset per dimension are the same
    // representation, which raw (uncentred) dot products would not see.
    void ignoresConstantOffsets() {
        const torch::Tensor x = torch::randn({30, 10});
        const torch::Tensor shifted = x + torch::randn({1, 10}) * 50;
        QVERIFY(std::abs(proxies::linearCka(x, shifted) - 1.0) < 1e-9);
    }

    void gramIsCentredAndDouble() {
        const torch::Tensor g = proxies::centredGram(torch::randn({12, 4, 2, 2}));
        QCOMPARE(g.scalar_type(), torch::kFloat64);
        QCOMPARE(g.size(0), 12);
        QVERIFY(g.sum(0).abs().max().item<double>() < 1e-9);
        QVERIFY(g.sum(1).abs().max().item<double>() < 1e-9);
    }

    void gradientsFlowIntoFeatures() {
        const torch::Tensor ref = proxies::centredGram(torch::randn({16, 5}));
        torch::Tensor x = torch::randn({16, 5}, torch::requires_grad());
        const torch::Tensor cka = proxies::linearCkaFromGrams(ref, proxies::centredGram(x));
        cka.backward();
        QVERIFY(x.grad().defined());
        QVERIFY(x.grad().abs().sum().item<double>() > 0.0);
    }

    void badInputIsRefused() {
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::linearCka(torch::randn({8, 3}), torch::randn({9, 3})));
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::linearCka(torch::ones({8, 3}), torch::randn({8, 3})));
        QVERIFY_THROWS_EXCEPTION(core::InputError, proxies::centredGram(torch::randn({1, 3})));
    }
};

QTEST_APPLESS_MAIN(TestLinearCka)
#include "test_linear_cka.moc"
