package contracts

import "errors"

// ErrUnknownContract is returned for a name that is not one of Names().
var ErrUnknownContract = errors.New("contracts: unknown contract")
