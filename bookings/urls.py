from django.urls import path

from bookings.views import customer, staff

app_name = "bookings"

urlpatterns = [
    path("shows/<int:show_id>/seats/", customer.seat_map, name="seat_map"),
    path("shows/<int:show_id>/hold/", customer.hold, name="hold"),
    path("bookings/", customer.my_bookings, name="mine"),
    path("bookings/<str:reference>/", customer.detail, name="detail"),
    path("bookings/<str:reference>/checkout/", customer.checkout, name="checkout"),
    path("bookings/<str:reference>/quote/", customer.checkout_quote, name="checkout_quote"),
    path("bookings/<str:reference>/cancel/", customer.cancel, name="cancel"),
    path("bookings/<str:reference>/tickets.pdf", customer.tickets_document, name="tickets_pdf"),
    path("bookings/<str:reference>/invoice.pdf", customer.invoice_document, name="invoice_pdf"),
    path("box-office/", staff.box_office, name="box_office"),
    path("box-office/shows/<int:show_id>/", staff.counter, name="counter"),
    path("box-office/shows/<int:show_id>/quote/", staff.counter_quote, name="counter_quote"),
    path("box-office/collect/", staff.collect, name="collect"),
    path("staff/bookings/", staff.booking_list, name="staff_list"),
    path("staff/bookings/<str:reference>/", staff.booking_detail, name="staff_detail"),
    path("staff/bookings/<str:reference>/pay/", staff.booking_pay, name="staff_pay"),
    path("staff/bookings/<str:reference>/cancel/", staff.booking_cancel, name="staff_cancel"),
    path("staff/bookings/<str:reference>/refund/", staff.booking_refund, name="staff_refund"),
    path("staff/bookings/<str:reference>/change/", staff.booking_change, name="staff_change"),
    path("staff/shows/<int:show_id>/house-seats/", staff.house_seats, name="house_seats"),
    path("door/", staff.door, name="door"),
]
