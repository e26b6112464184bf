"""The newsroom's own lists for proofreading, kept by editors in the admin (reporters may view them)."""

from django.db import models


class PreferredForm(models.Model):
    """规范表述: a way of writing something that house style replaces with another."""

    wrong = models.CharField("不规范写法", max_length=100, unique=True)
    right = models.CharField("规范写法", max_length=100)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "规范表述"
        verbose_name_plural = "规范表述"
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right}"


class ProtectedName(models.Model):
    """A name or title that must appear exactly as written; a near miss (one character different) is flagged."""

    name = models.CharField("名称", max_length=100, unique=True, help_text="如：领导同志的姓名和职务、机构全称")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "固定名称"
        verbose_name_plural = "固定名称"
        ordering = ["name"]

    def __str__(self):
        return self.name


class BannedWord(models.Model):
    """禁用词: a word that may not be printed; a story containing it cannot go on until it is removed."""

    word = models.CharField("禁用词", max_length=100, unique=True)
    replacement = models.CharField("可改为", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "禁用词"
        verbose_name_plural = "禁用词"
        ordering = ["word"]

    def __str__(self):
        return self.word
