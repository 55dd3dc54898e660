#pragma once

#include "gram/meta_graph_drawing.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

namespace edgenas::widgets {

/// A GRAM meta-graph as a DAG laid out by Graphviz (dot), like the architecture view: each edge's
/// thickness and colour show its probability, each node carries a badge (a stacked bar) with
/// its operator distribution, and the graph the search currently stands on is outlined. A
/// legend below explains the encodings. The layout is that of the complete DAG, so nodes stay
/// put while a player steps through the sweeps; it runs left to right in a wide view and top to
/// bottom in a tall one. Wheel zooms, dragging pans.
class MetaGraphView : public QWidget {
    Q_OBJECT
public:
    explicit MetaGraphView(QWidget* parent = nullptr);
    ~MetaGraphView() override;

    /// Draws `drawing`; a drawing whose matrices do not match its node count shows a message
    /// naming the problem instead (see errorText()).
    void setDrawing(const MetaGraphDrawing& drawing);
    void clearView();

    /// The caption line above the graph (on by default); a host that shows the caption itself
    /// turns it off.
    void setCaptionVisible(bool visible);

    /// Edges less likely than this are not drawn unless the current graph uses them (default
    /// 0.02): a meta-graph that has concentrated then shows its few likely edges, not a haze.
    void setHiddenBelow(double probability);

    // What is drawn, read back from the scene (tests, screenshots).
    int nodeItemCount() const;
    int edgeItemCount() const;
    /// Pen width of the edge from -> to as drawn; 0 when it is not drawn.
    double edgeWidth(int from, int to) const;
    QColor edgeColour(int from, int to) const;
    /// Whether the edge is drawn as part of the current graph.
    bool edgeHighlighted(int from, int to) const;
    /// The badge of a node as drawn: each operator's share of the bar's length (empty: no badge).
    std::vector<double> badgeShares(int node) const;
    bool nodeHighlighted(int node) const;
    bool usedGraphviz() const;
    QString errorText() const;
    QString captionText() const;
    QString captionDetails() const;
    /// The whole graph rendered to fit `size`.
    QImage renderImage(QSize size) const;

    /// Colour of an edge of probability p, and of an operator's badge segment (shared with the
    /// legend and with other views that name operators).
    static QColor probabilityColour(double p);
    static QColor operatorColour(int op);
    /// Pen width of an edge of probability p.
    static double probabilityWidth(double p);

public slots:
    void zoomToFit();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace edgenas::widgets
