export { NODE_KIND_LABEL as KIND_LABEL } from '../../../shared/model';
