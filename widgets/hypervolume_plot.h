#pragma once

#include <QImage>
#include <QWidget>

#include <memory>

namespace edgenas::widgets {

/// Hypervolume of the front against the number of evaluations, drawn as the run goes; samples
/// are buffered and drawn at most every ~40 ms.
class HypervolumePlot : public QWidget {
    Q_OBJECT
public:
    explicit HypervolumePlot(QWidget* parent = nullptr);
    ~HypervolumePlot() override;

    void addSample(int evaluations, double hypervolume);
    void clear();
    int sampleCount() const;
    /// The plot rendered at `size`, for reports.
    QImage renderImage(QSize size) const;

public slots:
    /// Draws buffered samples now (for tests and reports).
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
