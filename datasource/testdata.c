/* placeholder: being written */
#include "datasource/testdata.h"
int testdata_query(const struct prom_query *q, struct cairn_result *r, struct cairn_err *err)
{
	return cairn_err_set(err, CAIRN_EUNSUPPORTED, "testdata: not yet");
}
