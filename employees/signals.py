"""Announcements for the employee; the notification issue turns them into messages. Sent after commit."""

from django.dispatch import Signal

salary_entry_added = Signal()  # entry: a raise, bonus or penalty
payroll_paid = Signal()  # payroll: a month's pay was paid
