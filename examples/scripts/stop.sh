#!/bin/sh
# stop the orders service
exit 0
