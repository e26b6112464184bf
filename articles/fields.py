from ckeditor_uploader.fields import RichTextUploadingField

from .sanitize import clean_html


class SanitizedRichTextField(RichTextUploadingField):
    """
    CKEditor rich text that is cleaned on the server whenever it is written.

    `pre_save` cleans the value on the instance for ordinary saves;
    `get_prep_value` cleans whatever reaches the database by any other path
    (fixtures saved raw, bulk_create, QuerySet.update).
    """

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        return clean_html(super().get_prep_value(value))
