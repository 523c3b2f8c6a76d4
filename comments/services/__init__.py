"""Everything that changes a comment, atomic and audited: the only code that writes one.

build       comment_build, the one place a Comment is made, deriving its thread, HTML, search
            text and email; comments_store saves a batch (the importers and the demo loader)
submit      a reader's new comment through the pipeline (comment_submit)
decisions   an editor's or a rule's change of status (comments_set_status)
events      event_record, the one place a ModerationEvent is made
reports     readers' reports, a commenter's history, blocking
privacy     a commenter's personal data: export, erase
retention   the nightly clean-up of what is kept only for a while
counts      the articles' denormalized approved-comment counts
"""
