"""Announcements for the employee, sent inside the transaction; notifications turn them into messages."""

from django.dispatch import Signal

salary_entry_added = Signal()  # entry: a raise, bonus or penalty
payroll_paid = Signal()  # payroll: a month's pay was paid
