/*
 * lwssym.h — libwebsockets, loaded when `cairn serve` starts.
 *
 * Only the server speaks HTTP and WebSocket, yet linking libwebsockets
 * loads it and its OpenSSL, libuv, libev and glib-event trees into every
 * `cairn render` and `cairn --version` (base/dynlib.h says why that
 * matters).  So cairn does not link it: lwssym_load() opens it once per
 * process and fills lwssym with the functions http.c calls, which then
 * calls them by their usual names (the macros below).  A function http.c
 * starts using must be added to LWSSYM_FUNCTIONS: without it the link
 * fails (libwebsockets is not linked), so none can be missed.
 */
#ifndef CAIRN_SERVER_LWSSYM_H
#define CAIRN_SERVER_LWSSYM_H

#include <libwebsockets.h>
#include "base/err.h"

/* libwebsockets' runtime name in Debian 12 (4.1: ABI 17). */
#define LWSSYM_LIBRARY "libwebsockets.so.17"

#define LWSSYM_FUNCTIONS(X) \
	X(lws_add_http_common_headers) \
	X(lws_add_http_header_by_name) \
	X(lws_callback_http_dummy) \
	X(lws_callback_on_writable) \
	X(lws_cancel_service) \
	X(lws_close_reason) \
	X(lws_context_destroy) \
	X(lws_context_user) \
	X(lws_create_context) \
	X(lws_finalize_http_header) \
	X(lws_finalize_write_http_header) \
	X(lws_get_context) \
	X(lws_get_network_wsi) \
	X(lws_get_peer_simple) \
	X(lws_get_socket_fd) \
	X(lws_get_vhost_by_name) \
	X(lws_get_vhost_listen_port) \
	X(lws_hdr_copy) \
	X(lws_hdr_copy_fragment) \
	X(lws_hdr_fragment_length) \
	X(lws_hdr_total_length) \
	X(lws_http_get_uri_and_method) \
	X(lws_http_transaction_completed) \
	X(lws_is_final_fragment) \
	X(lws_partial_buffered) \
	X(lws_remaining_packet_payload) \
	X(lws_service) \
	X(lws_set_log_level) \
	X(lws_set_timeout) \
	X(lws_sul_cancel) \
	X(lws_sul_schedule) \
	X(lws_write)

struct lwssym {
#define LWSSYM_MEMBER(name) __typeof__(name) *name;
	LWSSYM_FUNCTIONS(LWSSYM_MEMBER)
#undef LWSSYM_MEMBER
};

/* Filled by lwssym_load; read-only after it. */
extern struct lwssym lwssym;

/* Loads libwebsockets (tried once per process; any thread).  0, or
 * CAIRN_EIO with a message naming the library and why. */
int lwssym_load(struct cairn_err *err);

#ifndef LWSSYM_IMPLEMENTATION
#define lws_add_http_common_headers lwssym.lws_add_http_common_headers
#define lws_add_http_header_by_name lwssym.lws_add_http_header_by_name
#define lws_callback_http_dummy lwssym.lws_callback_http_dummy
#define lws_callback_on_writable lwssym.lws_callback_on_writable
#define lws_cancel_service lwssym.lws_cancel_service
#define lws_close_reason lwssym.lws_close_reason
#define lws_context_destroy lwssym.lws_context_destroy
#define lws_context_user lwssym.lws_context_user
#define lws_create_context lwssym.lws_create_context
#define lws_finalize_http_header lwssym.lws_finalize_http_header
#define lws_finalize_write_http_header lwssym.lws_finalize_write_http_header
#define lws_get_context lwssym.lws_get_context
#define lws_get_network_wsi lwssym.lws_get_network_wsi
#define lws_get_peer_simple lwssym.lws_get_peer_simple
#define lws_get_socket_fd lwssym.lws_get_socket_fd
#define lws_get_vhost_by_name lwssym.lws_get_vhost_by_name
#define lws_get_vhost_listen_port lwssym.lws_get_vhost_listen_port
#define lws_hdr_copy lwssym.lws_hdr_copy
#define lws_hdr_copy_fragment lwssym.lws_hdr_copy_fragment
#define lws_hdr_fragment_length lwssym.lws_hdr_fragment_length
#define lws_hdr_total_length lwssym.lws_hdr_total_length
#define lws_http_get_uri_and_method lwssym.lws_http_get_uri_and_method
#define lws_http_transaction_completed lwssym.lws_http_transaction_completed
#define lws_is_final_fragment lwssym.lws_is_final_fragment
#define lws_partial_buffered lwssym.lws_partial_buffered
#define lws_remaining_packet_payload lwssym.lws_remaining_packet_payload
#define lws_service lwssym.lws_service
#define lws_set_log_level lwssym.lws_set_log_level
#define lws_set_timeout lwssym.lws_set_timeout
#define lws_sul_cancel lwssym.lws_sul_cancel
#define lws_sul_schedule lwssym.lws_sul_schedule
#define lws_write lwssym.lws_write
#endif

#endif
