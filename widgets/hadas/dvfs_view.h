#pragma once

#include "search/hadas/hadas_records.h"

#include <QImage>
#include <QWidget>

#include <memory>

namespace edgenas::widgets {

/// The DVFS point of a HADAS dynamic model on the device's frequency tables: a row of level ticks
/// per domain (CPU, GPU, memory) with the chosen level marked, and below it energy (left axis)
/// and latency (right axis) per inference over the sweep domain's levels, the other domains at
/// their chosen levels, with the chosen point marked. The figures carry the record's cost
/// provenance ("modelled"). A record whose sweep or levels do not fit shows a message instead.
class DvfsView : public QWidget {
    Q_OBJECT
public:
    explicit DvfsView(QWidget* parent = nullptr);
    ~DvfsView() override;

    void setModel(const search::HadasDynamicRecord& dynamic);
    void clearView(const QString& message = {});

    // What is drawn (tests, screenshots).
    int domainCount() const;
    int levelCount(int domain) const;
    /// Index of the marked level of `domain`; -1 when there is none.
    int chosenLevel(int domain) const;
    QString domainName(int domain) const;
    int curvePointCount() const;
    int latencyPointCount() const;
    /// Frequency of the marked point on the curve; NaN when none is marked.
    double markedFrequencyMhz() const;
    QString curveTitle() const;
    QString errorText() const;

public slots:
    void replotNow();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    class LevelRows;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
