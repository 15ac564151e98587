from django.urls import path

from moderation import views

urlpatterns = [
    path("", views.queue_page, name="moderation_queue"),
    path("next/", views.claim_next, name="moderation_next"),
    path("batch/", views.batch_page, name="moderation_batch"),
    path("settings/", views.settings_page, name="moderation_settings"),
    path("story/<public_id:public_id>/", views.review_page, name="moderation_review"),
    path("story/<public_id:public_id>/claim/", views.claim, name="moderation_claim"),
    path("story/<public_id:public_id>/renew/", views.renew, name="moderation_renew"),
    path("story/<public_id:public_id>/release/", views.release, name="moderation_release"),
    path("story/<public_id:public_id>/redact/", views.redact, name="moderation_redact"),
    path("story/<public_id:public_id>/dismiss/", views.dismiss, name="moderation_dismiss"),
    path("story/<public_id:public_id>/edit/", views.edit, name="moderation_edit"),
    path("story/<public_id:public_id>/escalate/", views.escalate, name="moderation_escalate"),
    path("story/<public_id:public_id>/decide/", views.decide, name="moderation_decide"),
    path("story/<public_id:public_id>/restore/", views.restore, name="moderation_restore"),
    path("decision/<int:decision_id>/undo/", views.undo, name="moderation_undo"),
    path("spam/reject/", views.bulk_reject, name="moderation_bulk_reject"),
    path("appeals/", views.appeals_page, name="moderation_appeals"),
    path("appeals/<int:appeal_id>/decide/", views.decide_appeal, name="moderation_decide_appeal"),
    path("audit/", views.audit_page, name="moderation_audit"),
    path("metrics/", views.metrics_page, name="moderation_metrics"),
]
