"""Pure abuse-risk scoring: features, training, scoring, explanations and metrics (no Django).

`features` turns a comment into the text the model reads, `model` trains and scores, `storage`
turns a model into safe arrays and back, `corpus` reads labelled files, `metrics` measures.
The Django side (which version is current, the pipeline's score) is `comments.scoring`.
"""
