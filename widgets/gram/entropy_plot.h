#pragma once

#include <QImage>
#include <QWidget>

#include <memory>

namespace edgenas::widgets {

/// Mean edge entropy and mean operator entropy (bits) of a meta-graph against the sweep: how a
/// GRAM search concentrates. A vertical marker shows the sweep the meta-graph view draws.
class EntropyPlot : public QWidget {
    Q_OBJECT
public:
    explicit EntropyPlot(QWidget* parent = nullptr);
    ~EntropyPlot() override;

    /// Adds or replaces the figures of `sweep`; non-finite values are left out.
    void setSweep(int sweep, double edgeEntropyBits, double opEntropyBits);
    void clear();
    /// Where the marker stands; a negative sweep hides it.
    void setMarker(int sweep);

    int edgePointCount() const;
    int opPointCount() const;
    /// The plotted value of a series at `sweep` (NaN when there is none).
    double edgeEntropyAt(int sweep) const;
    double opEntropyAt(int sweep) const;
    QImage renderImage(QSize size) const;

public slots:
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
