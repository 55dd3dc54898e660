#pragma once

#include "core/candidate.h"

#include <QImage>
#include <QString>
#include <QWidget>

#include <memory>

namespace edgenas::widgets {

/// A candidate's network as a graph laid out by Graphviz (dot) in a zoomable view: each node
/// shows its operator, output shape and MACs with its share of the total, and, once a device is
/// set, its predicted latency share. The candidate's latency and energy are the figures its
/// run stored, with their provenance; the profile's prediction is shown only as a labelled second figure. Wheel zooms, dragging pans.
class ArchitectureView : public QWidget {
    Q_OBJECT
public:
    explicit ArchitectureView(QWidget* parent = nullptr);
    ~ArchitectureView() override;

    /// Parses the candidate's architectureJson and draws it; a candidate that cannot be parsed
    /// shows a message naming the problem instead (see errorText()).
    void setCandidate(const core::Candidate& candidate);
    void clearView();

    /// Device profile name (and DVFS level, "" = default) whose per-node latency prediction
    /// gives each node's latency share; an empty name turns that off. Unknown names show an
    /// error in the header line and leave the shares off.
    void setDevice(const QString& device, const QString& dvfsLevel = {});

    int nodeItemCount() const;
    /// Whether the current graph was laid out by Graphviz (false: the layered fallback).
    bool usedGraphviz() const;
    /// Why the current candidate could not be shown; empty when it is shown.
    QString errorText() const;
    /// The line above the graph: the candidate's stored figures with their provenance, then the
    /// device prediction used for the node shares, labelled as such.
    QString headerText() const;
    /// The whole graph rendered to fit `size`, for reports.
    QImage renderImage(QSize size) const;

public slots:
    void zoomToFit();

protected:
    void changeEvent(QEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
